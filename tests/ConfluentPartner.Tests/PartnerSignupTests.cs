using System.Management.Automation;
using ConfluentCloud.Simulator;
using ConfluentPartner.Client.Errors;
using ConfluentPartner.Tests.Infrastructure;
using Xunit;
using static ConfluentPartner.Tests.Infrastructure.SignupRows;

namespace ConfluentPartner.Tests;

/// <summary>New-CcPartnerSignup through the real engine against the simulator: binding, bodies, validation, outcomes.</summary>
public class PartnerSignupTests
{
    private const string Cmd = "ConfluentPartner.Commands.NewCcPartnerSignupCommand";
    private const string Auth = "-BaseUri $BaseUri -ClientCredential $Client";

    private static List<RecordedRequest> Signups(CloudSimulator sim) =>
        sim.Requests.Where(r => r.Method == "POST" && r.Path == "/partner/v2/signup").ToList();

    [Fact]
    public async Task Every_parameter_of_the_details_form_reaches_the_contract_body_exactly()
    {
        await using var sim = await CloudSimulator.StartAsync();
        // The values of the contract's own request example, plus the user and the organization reference it leaves out.
        var run = ModuleHost.Run($"""
            New-CcPartnerSignup -OrganizationName 'Acme Organization' -SsoTenantId {Tenant} `
                -EntitlementExternalId 1111-2222-3333-4444 -EntitlementName 'Acme Prod Entitlement' -PlanId {Plan} -ProductId {Product} `
                -UsageReportingId 1111-2222-3333-4444 -ResourceId 1111-2222-3333-4444 `
                -EntitlementOrganizationId org-1 -EntitlementOrganizationEnvironment env-1 `
                -EntitlementOrganizationUri https://api.confluent.cloud/partner/v2/organizations/org-1 `
                -EntitlementOrganizationResourceName crn://confluent.cloud/organization=org-1 `
                -UserEmail marty.mcfly@example.com -UserGivenName Marty -UserFamilyName McFly {Auth}
            """, sim.Vars());

        Assert.Null(run.Terminating);
        Assert.Empty(run.Errors);
        Assert.Single(run.Output);
        var request = Assert.Single(Signups(sim));
        Assert.Equal("", request.Query);
        Assert.StartsWith("application/json", request.Headers["Content-Type"]);
        AssertJson($$$"""
            {"organization":{"name":"Acme Organization","sso_config":{"kind":"AzureSSOConfig","tenant_id":"{{{Tenant}}}"}},
             "user":{"email":"marty.mcfly@example.com","given_name":"Marty","family_name":"McFly"},
             "entitlement":{"external_id":"1111-2222-3333-4444","name":"Acme Prod Entitlement","plan_id":"{{{Plan}}}","product_id":"{{{Product}}}",
               "usage_reporting_id":"1111-2222-3333-4444","resource_id":"1111-2222-3333-4444",
               "organization":{"id":"org-1","environment":"env-1","related":"https://api.confluent.cloud/partner/v2/organizations/org-1",
                 "resource_name":"crn://confluent.cloud/organization=org-1"} } }
            """, request.Body);
    }

    [Fact]
    public async Task Unset_optionals_are_omitted_never_sent_as_null_or_empty()
    {
        await using var sim = await CloudSimulator.StartAsync();
        var row = Details("min", ("email", ""), ("given_name", ""), ("family_name", ""), ("usage_reporting_id", " "), ("resource_id", ""));
        var run = ModuleHost.Run($"$Row | New-CcPartnerSignup {Auth}", sim.Vars(("Row", row)));

        Assert.Empty(run.Errors);
        var body = Assert.Single(Signups(sim)).Body!;
        AssertJson($$$"""
            {"organization":{"name":"Customer min","sso_config":{"kind":"AzureSSOConfig","tenant_id":"{{{Tenant}}}"}},
             "entitlement":{"external_id":"ext-min","name":"Prod min","plan_id":"{{{Plan}}}","product_id":"{{{Product}}}"}}
            """, body);
        Assert.DoesNotContain("null", body);
        Assert.DoesNotContain("\"\"", body);
    }

    [Fact]
    public async Task The_reference_form_sends_id_related_and_resource_name_and_takes_the_id_from_the_url()
    {
        await using var sim = await CloudSimulator.StartAsync();
        var first = sim.SeedEntitlement("earlier-1");
        var second = sim.SeedEntitlement("earlier-2");
        var run = ModuleHost.Run($"""
            New-CcPartnerSignup -OrganizationName One -SsoTenantId {Tenant} -EntitlementUri {sim.EntitlementUrl(first.Id)} `
                -EntitlementResourceName crn://confluent.cloud/entitlement={first.Id} {Auth}
            New-CcPartnerSignup -OrganizationName Two -SsoTenantId {Tenant} -EntitlementId {second.Id} -EntitlementUri {sim.EntitlementUrl(second.Id)} `
                -EntitlementResourceName crn://confluent.cloud/entitlement={second.Id} -EntitlementEnvironment env-9 {Auth}
            """, sim.Vars());

        Assert.Null(run.Terminating);
        Assert.Empty(run.Errors);
        Assert.Equal(new[] { first.Id, second.Id }, run.Output.Select(o => o.Prop<string>("EntitlementId")));
        var bodies = Signups(sim).Select(r => r.Body).ToList();
        AssertJson($$$"""
            {"organization":{"name":"One","sso_config":{"kind":"AzureSSOConfig","tenant_id":"{{{Tenant}}}"}},
             "entitlement":{"id":"{{{first.Id}}}","related":"{{{sim.EntitlementUrl(first.Id)}}}","resource_name":"crn://confluent.cloud/entitlement={{{first.Id}}}"}}
            """, bodies[0]);
        AssertJson($$$"""
            {"organization":{"name":"Two","sso_config":{"kind":"AzureSSOConfig","tenant_id":"{{{Tenant}}}"}},
             "entitlement":{"id":"{{{second.Id}}}","related":"{{{sim.EntitlementUrl(second.Id)}}}","resource_name":"crn://confluent.cloud/entitlement={{{second.Id}}}","environment":"env-9"}}
            """, bodies[1]);
        Assert.All(sim.Signups, s => Assert.Contains(s.EntitlementId, new[] { first.Id, second.Id }));
    }

    [Fact]
    public async Task An_entitlement_object_from_the_API_piped_in_is_signed_up_by_reference()
    {
        await using var sim = await CloudSimulator.StartAsync();
        var earlier = sim.SeedEntitlement("earlier-object");
        // As `Invoke-RestMethod .../partner/v2/entitlements/{id}` returns it.
        var (_, json, _) = await PartnerSignupContractTests.Client(sim).SendRawAsync(System.Net.Http.HttpMethod.Get, "/partner/v2/entitlements/" + earlier.Id, null, default);
        var entitlement = (PSObject)FromJson(System.Text.Json.JsonDocument.Parse(json).RootElement)!;
        var run = ModuleHost.Run($"$Entitlement | New-CcPartnerSignup -OrganizationName 'Woodgrove Bank' -SsoTenantId {Tenant} {Auth}", sim.Vars(("Entitlement", entitlement)));

        Assert.Null(run.Terminating);
        Assert.Empty(run.Errors);
        Assert.Equal(earlier.Id, Assert.Single(run.Output).Prop<string>("EntitlementId"));
        AssertJson($$$"""
            {"organization":{"name":"Woodgrove Bank","sso_config":{"kind":"AzureSSOConfig","tenant_id":"{{{Tenant}}}"}},
             "entitlement":{"id":"{{{earlier.Id}}}","related":"{{{sim.EntitlementUrl(earlier.Id)}}}","resource_name":"crn://confluent.cloud/entitlement={{{earlier.Id}}}"}}
            """, Assert.Single(Signups(sim)).Body);
        Assert.Equal(earlier.Id, Assert.Single(sim.Signups).EntitlementId);
    }

    [Fact]
    public async Task Csv_rows_with_snake_case_headers_bind_every_field_and_each_row_takes_its_own_entitlement_form()
    {
        await using var sim = await CloudSimulator.StartAsync();
        var earlier = sim.SeedEntitlement("earlier-csv");
        // One file with the columns of both forms, as a partner's export would have: each row fills one form.
        string[] headers =
        [
            "organization_name", "tenant_id", "external_id", "entitlement_name", "plan_id", "product_id", "usage_reporting_id", "resource_id",
            "entitlement_organization_id", "entitlement_organization_environment", "entitlement_organization_related", "entitlement_organization_resource_name",
            "entitlement_id", "related", "resource_name", "entitlement_environment", "email", "given_name", "family_name",
        ];
        PSObject Csv(params string[] values) => ModuleHost.CsvRow(headers.Zip(values).ToArray());
        var rows = new[]
        {
            Csv(" Contoso ", " 11111111-1111-4111-8111-111111111111 ", " ext-1 ", " Contoso Prod ", " CONFLUENT-cloud-payg-prod ", " confluent-cloud-for-apache-kafka ", " u-1 ", " r-1 ",
                "org-1", "env-1", "https://api.confluent.cloud/partner/v2/organizations/org-1", "crn://confluent.cloud/organization=org-1",
                "", "", "", "", " ops@contoso.example.com ", " Grace ", " Hopper "),
            Csv("Fabrikam", "22222222-2222-4222-8222-222222222222", "", "", "", "", "", "", "", "", "", "",
                "", sim.EntitlementUrl(earlier.Id), "crn://confluent.cloud/entitlement=" + earlier.Id, "", "", "", ""),
        };
        var run = ModuleHost.Run($"$Rows | New-CcPartnerSignup {Auth}", sim.Vars(("Rows", rows)));

        Assert.Null(run.Terminating);
        Assert.Empty(run.Errors);
        Assert.Equal(new[] { "Contoso", "Fabrikam" }, run.Output.Select(o => o.Prop<string>("OrganizationName")));
        var bodies = Signups(sim).Select(r => r.Body).ToList();
        AssertJson("""
            {"organization":{"name":"Contoso","sso_config":{"kind":"AzureSSOConfig","tenant_id":"11111111-1111-4111-8111-111111111111"}},
             "user":{"email":"ops@contoso.example.com","given_name":"Grace","family_name":"Hopper"},
             "entitlement":{"external_id":"ext-1","name":"Contoso Prod","plan_id":"confluent-cloud-payg-prod","product_id":"confluent-cloud-for-apache-kafka",
               "usage_reporting_id":"u-1","resource_id":"r-1",
               "organization":{"id":"org-1","environment":"env-1","related":"https://api.confluent.cloud/partner/v2/organizations/org-1","resource_name":"crn://confluent.cloud/organization=org-1"}}}
            """, bodies[0]);
        AssertJson($$$"""
            {"organization":{"name":"Fabrikam","sso_config":{"kind":"AzureSSOConfig","tenant_id":"22222222-2222-4222-8222-222222222222"}},
             "entitlement":{"id":"{{{earlier.Id}}}","related":"{{{sim.EntitlementUrl(earlier.Id)}}}","resource_name":"crn://confluent.cloud/entitlement={{{earlier.Id}}}"}}
            """, bodies[1]);
    }

    [Fact]
    public async Task The_PascalCase_parameter_names_bind_from_objects_too()
    {
        await using var sim = await CloudSimulator.StartAsync();
        var row = ModuleHost.CsvRow(("OrganizationName", "Northwind"), ("SsoTenantId", "33333333-3333-4333-8333-333333333333"), ("EntitlementExternalId", "ext-3"),
            ("EntitlementName", "Northwind Prod"), ("PlanId", Plan), ("ProductId", Product),
            ("UserEmail", "it@northwind.example.com"), ("UserGivenName", "Alan"), ("UserFamilyName", "Turing"));
        var run = ModuleHost.Run($"$Row | New-CcPartnerSignup {Auth}", sim.Vars(("Row", row)));
        Assert.Empty(run.Errors);
        Assert.Equal("it@northwind.example.com", Assert.Single(sim.Signups).UserEmail);
    }

    [Fact]
    public async Task A_signup_is_a_typed_result_shown_as_a_table_and_one_without_a_user_warns_how_to_complete_it()
    {
        await using var sim = await CloudSimulator.StartAsync();
        var rows = new[] { Details("a"), Details("b", ("email", ""), ("given_name", ""), ("family_name", "")) };
        var host = new CapturingHost();
        var run = ModuleHost.Run($"$Rows | New-CcPartnerSignup {Auth} | Out-Default", sim.Vars(("Rows", rows)), host: host);

        Assert.Empty(run.Errors);
        Assert.Equal(2, sim.Signups.Count);
        var pending = sim.Signups.Single(s => !s.HasUser);
        var warning = Assert.Single(run.Warnings);
        Assert.Contains(pending.OrganizationId, warning.Message);
        Assert.Contains("Complete-CcPartnerSignup -OrganizationId " + pending.OrganizationId, warning.Message);

        var lines = host.Text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .SkipWhile(l => !l.StartsWith("OrganizationName")).ToArray();
        Assert.Matches(@"^OrganizationName\s+OrganizationId\s+Entitlement\s+User\s+SsoUrl$", lines[0]);
        Assert.Contains(lines, l => l.StartsWith("Customer a") && l.Contains("ext-a") && l.Contains("admin@a.example.com"));
        Assert.Contains(lines, l => l.StartsWith("Customer b") && l.Contains(pending.OrganizationId) && l.Contains("(pending: Complete-CcPartnerSignup)"));
    }

    [Fact]
    public async Task The_result_carries_the_response_and_the_inputs_that_identify_the_row()
    {
        await using var sim = await CloudSimulator.StartAsync();
        var run = ModuleHost.Run($"$Row | New-CcPartnerSignup {Auth}", sim.Vars(("Row", Details("id"))));
        var result = Assert.Single(run.Output);
        Assert.Equal("ConfluentPartner.PartnerSignupResult", result.TypeNames[0]);
        var created = Assert.Single(sim.Signups);
        Assert.Equal(created.OrganizationId, result.Prop<string>("OrganizationId"));
        Assert.Equal(created.SsoUrl, result.Prop<string>("SsoUrl"));
        Assert.Contains("Customer id", result.Prop<string>("DisplayMessage"));
        Assert.Equal("Customer id", result.Prop<string>("OrganizationName"));
        Assert.Equal("ext-id", result.Prop<string>("EntitlementExternalId"));
        Assert.Equal("admin@id.example.com", result.Prop<string>("UserEmail"));
        Assert.False(result.Prop<bool>("ActivationPending"));
        Assert.Equal(Signups(sim)[0].RequestId, result.Prop<string>("RequestId"));
        Assert.Empty(run.Warnings);
    }

    /// <summary>One row per contract constraint: the cells that break it, the API code, and the parameter named.</summary>
    public static readonly (string Case, (string, string?)[] Cells, string Code, string? Parameter, string Shows)[] Violations =
    [
        ("organization name empty", [("organization_name", " ")], "required_field_missing", "OrganizationName", "organization name is required"),
        ("organization name too long", [("organization_name", new string('n', 32))], "invalid_value", "OrganizationName", "32 characters"),
        ("organization name with |", [("organization_name", "Acme|Corp")], "invalid_value", "OrganizationName", "Acme|Corp"),
        ("organization name with quote", [("organization_name", "\"Acme\"")], "invalid_value", "OrganizationName", "\"Acme\""),
        ("tenant id empty", [("tenant_id", "")], "required_field_missing", "SsoTenantId", "tenant id"),
        ("external id empty", [("external_id", "")], "required_field_missing", "EntitlementExternalId", "external id"),
        ("entitlement name empty", [("entitlement_name", "")], "required_field_missing", "EntitlementName", "entitlement name"),
        ("plan id empty", [("plan_id", "")], "required_field_missing", "PlanId", Plan),
        ("plan id unknown", [("plan_id", "confluent-cloud-free")], "invalid_value", "PlanId", "confluent-cloud-free"),
        ("product id empty", [("product_id", "")], "required_field_missing", "ProductId", Product),
        ("product id unknown", [("product_id", "kafka-on-aws")], "invalid_value", "ProductId", "kafka-on-aws"),
        ("user without given name", [("given_name", "")], "required_field_missing", "UserGivenName", "all-or-nothing"),
        ("user without family name", [("family_name", "")], "required_field_missing", "UserFamilyName", "all-or-nothing"),
        ("user without email", [("email", "")], "required_field_missing", "UserEmail", "all-or-nothing"),
        ("user email invalid", [("email", "ada at example.com")], "invalid_email", "UserEmail", "ada at example.com"),
        ("entitlement organization without related", [("entitlement_organization_id", "org-1"), ("entitlement_organization_resource_name", "crn://confluent.cloud/organization=org-1")],
            "required_field_missing", "EntitlementOrganizationUri", "related"),
        ("entitlement organization without resource name", [("entitlement_organization_id", "org-1"), ("entitlement_organization_related", "https://api.confluent.cloud/partner/v2/organizations/org-1")],
            "required_field_missing", "EntitlementOrganizationResourceName", "resource_name"),
        ("entitlement organization without id", [("entitlement_organization_related", "https://api.confluent.cloud/partner/v2/organizations/org-1"), ("entitlement_organization_resource_name", "crn://x/organization=org-1")],
            "required_field_missing", "EntitlementOrganizationId", "organization.id"),
        ("reference with a url that is not absolute", [("external_id", null), ("entitlement_name", null), ("plan_id", null), ("product_id", null), ("related", "entitlements/ent-1"), ("resource_name", "crn://confluent.cloud/entitlement=ent-1")],
            "invalid_value", "EntitlementUri", "entitlements/ent-1"),
        ("reference without resource name", [("external_id", null), ("entitlement_name", null), ("plan_id", null), ("product_id", null), ("related", "https://api.confluent.cloud/partner/v2/entitlements/ent-1"), ("resource_name", "")],
            "required_field_missing", "EntitlementResourceName", "resource_name"),
        ("reference whose id cannot be taken from the url", [("external_id", null), ("entitlement_name", null), ("plan_id", null), ("product_id", null), ("related", "https://api.confluent.cloud/"), ("resource_name", "crn://x")],
            "required_field_missing", "EntitlementId", "entitlement.id"),
        ("both entitlement forms", [("related", "https://api.confluent.cloud/partner/v2/entitlements/ent-1"), ("resource_name", "crn://x")],
            "invalid_value", null, "not both"),
    ];

    [Fact]
    public async Task Each_contract_violation_is_its_own_ErrorRecord_naming_the_parameter_nothing_is_sent_for_that_row_and_the_other_rows_go_on()
    {
        await using var sim = await CloudSimulator.StartAsync();
        var rows = new List<PSObject>();
        var bad = new Dictionary<object, (string Case, string Code, string? Parameter, string Shows)>(ReferenceEqualityComparer.Instance);
        for (var i = 0; i < Violations.Length; i++)
        {
            var (name, cells, code, parameter, shows) = Violations[i];
            rows.Add(Details($"good{i}"));
            var row = Details($"bad{i}", cells);
            bad[row] = (name, code, parameter, shows);
            rows.Add(row);
        }
        var run = ModuleHost.Run($"$Rows | New-CcPartnerSignup {Auth}", sim.Vars(("Rows", rows.ToArray())));

        Assert.Null(run.Terminating);
        Assert.Equal(Violations.Length, run.Output.Count);
        Assert.Equal(Violations.Length, Signups(sim).Count);
        Assert.DoesNotContain(Signups(sim), r => r.Body!.Contains("\"bad"));
        foreach (var error in run.Errors)
        {
            Assert.IsType<CcApiException>(error.Exception);
            Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
            Assert.True(bad.ContainsKey(error.TargetObject), "every error points at a bad row: " + error);
        }
        foreach (var (row, (name, code, parameter, shows)) in bad)
        {
            var errors = run.Errors.Where(e => ReferenceEquals(e.TargetObject, row)).ToList();
            var match = errors.FirstOrDefault(e => e.FullyQualifiedErrorId == $"{code},{Cmd}"
                && ErrorRecords.ParameterOf(e) == parameter);
            Assert.True(match != null, $"{name}: got [{string.Join(" | ", errors.Select(e => e.FullyQualifiedErrorId + " " + e.ErrorDetails?.Message))}]");
            if (parameter != null) Assert.StartsWith($"-{parameter}: ", match!.ErrorDetails.Message);
            Assert.Contains(shows, match!.ErrorDetails.Message);
            Assert.NotNull(((CcApiException)match.Exception).Errors.Single().Pointer);
        }
    }

    [Fact]
    public async Task Empty_mandatory_parameters_get_this_modules_error_not_a_binder_error()
    {
        await using var sim = await CloudSimulator.StartAsync();
        var run = ModuleHost.Run($"New-CcPartnerSignup -OrganizationName '' -SsoTenantId $null -EntitlementExternalId '' -EntitlementName '' -PlanId '' -ProductId '' {Auth}", sim.Vars());
        Assert.Null(run.Terminating);
        Assert.Equal(new[] { "OrganizationName", "SsoTenantId", "EntitlementExternalId", "EntitlementName", "PlanId", "ProductId" },
            run.Errors.Select(e => ErrorRecords.ParameterOf(e)));
        Assert.All(run.Errors, e => Assert.Equal($"required_field_missing,{Cmd}", e.FullyQualifiedErrorId));
        Assert.Equal(0, sim.Stats.Requests);
    }

    [Fact]
    public async Task WhatIf_says_what_would_be_signed_up_sends_nothing_and_needs_no_credential()
    {
        await using var sim = await CloudSimulator.StartAsync();
        var rows = new[] { Details("w1"), Details("w2", ("email", ""), ("given_name", ""), ("family_name", "")) };
        var host = new CapturingHost();
        var run = ModuleHost.Run("$Rows | New-CcPartnerSignup -BaseUri $BaseUri -WhatIf", sim.Vars(("Rows", rows)), host: host);

        Assert.Null(run.Terminating);
        Assert.Empty(run.Errors);
        Assert.Empty(run.Output);
        Assert.Equal(0, sim.Stats.Requests);
        Assert.Equal(0, sim.Stats.TokenRequests);
        Assert.Contains($"What if: Performing the operation \"Sign up with entitlement 'ext-w1' ({Plan}, {Product}), first user admin@w1.example.com\" on target \"Organization 'Customer w1'\".", host.Text);
        Assert.Contains("Sign up with entitlement 'ext-w2' (", host.Text);
        Assert.Contains("no user yet", host.Text);
    }

    [Fact]
    public async Task An_existing_entitlement_is_ResourceExists_with_the_location_of_the_conflict_and_the_other_rows_go_on()
    {
        await using var sim = await CloudSimulator.StartAsync();
        var existing = sim.SeedEntitlement("ext-dup");
        var dup = Details("dup");
        var run = ModuleHost.Run($"$Rows | New-CcPartnerSignup {Auth}", sim.Vars(("Rows", new[] { Details("ok1"), dup, Details("ok2") })));

        Assert.Null(run.Terminating);
        Assert.Equal(2, run.Output.Count);
        var error = Assert.Single(run.Errors);
        Assert.Equal($"resource_already_exists,{Cmd}", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.ResourceExists, error.CategoryInfo.Category);
        Assert.Same(dup, error.TargetObject);
        var location = sim.EntitlementUrl(existing.Id);
        Assert.Equal(location, ((CcApiException)error.Exception).Location);
        Assert.Contains("Existing resource: " + location, error.ErrorDetails.Message);
        Assert.Contains("HTTP 409", error.ErrorDetails.Message);
        Assert.Contains("'ext-dup'", error.ErrorDetails.RecommendedAction);
        Assert.Contains("Nothing was created", error.ErrorDetails.RecommendedAction);
        Assert.Equal(2, sim.Signups.Count);
    }

    [Fact]
    public async Task A_server_side_400_names_the_parameter_behind_its_pointer()
    {
        await using var sim = await CloudSimulator.StartAsync();
        // Only the server knows the entitlement does not exist: 400 with source.pointer /entitlement/related.
        var missing = sim.EntitlementUrl("3f1c0000-0000-0000-0000-000000000000");
        var row = Reference("r", missing, "crn://confluent.cloud/entitlement=3f1c0000-0000-0000-0000-000000000000");
        var run = ModuleHost.Run($"$Row | New-CcPartnerSignup {Auth}", sim.Vars(("Row", row)));

        var error = Assert.Single(run.Errors);
        Assert.Equal($"invalid_reference,{Cmd}", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
        Assert.StartsWith("-EntitlementUri: ", error.ErrorDetails.Message);
        Assert.Contains("HTTP 400, request id " + Signups(sim)[0].RequestId, error.ErrorDetails.Message);
        Assert.Same(row, error.TargetObject);
    }

    public static TheoryData<FaultKind> UnknownOutcomes => new() { FaultKind.InternalServerError500, FaultKind.ResetAfterCreate, FaultKind.GatewayTimeout504, FaultKind.SlowResponse };

    [Theory]
    [MemberData(nameof(UnknownOutcomes))]
    public async Task A_signup_whose_outcome_is_unknown_is_not_resent_and_the_error_says_what_to_check(FaultKind fault)
    {
        await using var sim = await CloudSimulator.StartAsync();
        sim.AddFault(new FaultRule { Kind = fault, Method = "POST", PathPrefix = "/partner/v2/signup", MaxTimes = 1, SlowDelay = TimeSpan.FromSeconds(10) });
        var row = Details("unknown");
        var run = ModuleHost.Run($"$Row | New-CcPartnerSignup {Auth} -TimeoutSec 1 -RetryIntervalSec 0", sim.Vars(("Row", row)));

        Assert.Null(run.Terminating);
        var error = Assert.Single(run.Errors);
        Assert.Equal($"outcome_unknown,{Cmd}", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.OperationTimeout, error.CategoryInfo.Category);
        Assert.Same(row, error.TargetObject);
        Assert.Contains("'Customer unknown'", error.ErrorDetails.Message);
        Assert.Contains("It was not sent again", error.ErrorDetails.Message);
        Assert.Contains("Before re-running this row, check whether the organization 'Customer unknown' and the entitlement with external id 'ext-unknown' exist",
            error.ErrorDetails.RecommendedAction);
        Assert.Empty(run.Output);
        // The cmdlet has given up on the row; the server logs the request once it has noticed the client left.
        for (var i = 0; i < 100 && Signups(sim).Count == 0; i++) await Task.Delay(50);
        Assert.Single(Signups(sim));

        if (fault == FaultKind.ResetAfterCreate)
        {
            // It did happen: re-running the row is safe, and says so with a 409 instead of a second organization.
            var rerun = ModuleHost.Run($"$Row | New-CcPartnerSignup {Auth}", sim.Vars(("Row", row)));
            Assert.Equal(ErrorCategory.ResourceExists, Assert.Single(rerun.Errors).CategoryInfo.Category);
            Assert.Single(sim.Signups, s => s.EntitlementExternalId == "ext-unknown");
        }
    }

    [Fact]
    public async Task A_429_is_waited_out_and_the_signup_happens_once()
    {
        await using var sim = await CloudSimulator.StartAsync();
        sim.AddFault(new FaultRule { Kind = FaultKind.TooManyRequests429, Method = "POST", PathPrefix = "/partner/v2/signup", MaxTimes = 2, RetryAfterSeconds = 1 });
        var run = ModuleHost.Run($"$Row | New-CcPartnerSignup {Auth}", sim.Vars(("Row", Details("busy"))));
        Assert.Empty(run.Errors);
        Assert.Single(run.Output);
        Assert.Single(sim.Signups);
        Assert.Equal(3, Signups(sim).Count);
    }

    [Fact]
    public async Task PlanId_and_ProductId_tab_complete_the_contract_values()
    {
        await Task.CompletedTask;
        var run = ModuleHost.Run("""
            foreach ($line in 'New-CcPartnerSignup -PlanId conf', 'Test-CcPartnerSignup -ProductId confluent-cloud-') {
                (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches | ForEach-Object { $_.ListItemText }
            }
            """);
        Assert.Null(run.Terminating);
        Assert.Equal(new[] { Plan, Product, "confluent-cloud-for-apache-kafka" }, run.Output.Select(o => o.ToString()));
    }
}

/// <summary>The example file users copy must bind as it is.</summary>
public class CustomersCsvExampleTests
{
    [Fact]
    public async Task Import_Csv_of_examples_customers_csv_signs_up_every_customer()
    {
        await using var sim = await CloudSimulator.StartAsync();
        var lines = File.ReadAllLines(Path.Combine(ModuleHost.RepoRoot, "examples", "customers.csv")).Where(l => l.Length > 0).ToArray();
        var headers = lines[0].Split(',');
        // As Import-Csv would produce them (the file has no quoted cells).
        var rows = lines.Skip(1).Select(l => ModuleHost.CsvRow(headers.Zip(l.Split(',')).ToArray())).ToArray();
        var run = ModuleHost.Run("$Rows | Test-CcPartnerSignup -Offline; $Rows | New-CcPartnerSignup -BaseUri $BaseUri -ClientCredential $Client", sim.Vars(("Rows", rows)));

        Assert.Null(run.Terminating);
        Assert.Empty(run.Errors);
        Assert.Equal(Enumerable.Repeat<object>(true, rows.Length), run.Output.Take(rows.Length).Select(o => o.BaseObject));
        Assert.Equal(rows.Length, sim.Signups.Count);
        Assert.Equal(sim.Signups.Count(s => !s.HasUser), run.Warnings.Count);
        Assert.NotEmpty(run.Warnings);
    }
}
