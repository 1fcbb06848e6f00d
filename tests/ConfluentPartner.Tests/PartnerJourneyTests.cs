using System.Management.Automation;
using ConfluentCloud.Simulator;
using ConfluentPartner.Tests.Infrastructure;
using Xunit;
using static ConfluentPartner.Tests.Infrastructure.SignupRows;

namespace ConfluentPartner.Tests;

/// <summary>
/// The partner journey through the real engine against the simulator: entitlements, organizations, links, and a customer
/// CSV that is run, interrupted and run again to completion.
/// </summary>
public class PartnerJourneyTests
{
    private const string Auth = "-BaseUri $BaseUri -ClientCredential $Client";

    private static string ParameterOf(ErrorRecord e) =>
        ((IEnumerable<object>)((dynamic)e.Exception).Errors).Select(x => (string?)x.GetType().GetProperty("ParameterName")?.GetValue(x)).First() ?? "";

    [Fact]
    public async Task New_entitlement_sends_the_api_columns_at_the_top_level_and_refuses_a_bad_row_before_any_request()
    {
        await using var sim = await CloudSimulator.StartAsync();
        var good = ModuleHost.CsvRow(("external_id", " sub-1 "), ("name", "Acme Prod"), ("plan_id", Plan.ToUpperInvariant()), ("product_id", Product),
            ("usage_reporting_id", ""), ("resource_id", "res-1"));
        var bad = ModuleHost.CsvRow(("external_id", "sub-2"), ("name", "Acme Test"), ("plan_id", "gold"), ("product_id", Product),
            ("usage_reporting_id", ""), ("resource_id", ""));
        var run = ModuleHost.Run($"$Rows | New-CcPartnerEntitlement {Auth}", sim.Vars(("Rows", new[] { good, bad })));

        Assert.Null(run.Terminating);
        var created = Assert.Single(run.Output);
        Assert.Equal("sub-1", created.Prop<string>("ExternalId"));
        Assert.Equal(sim.Entitlements.Single().Id, created.Prop<string>("EntitlementId"));
        var error = Assert.Single(run.Errors);
        Assert.Equal("PlanId", ParameterOf(error));
        Assert.Same(bad, error.TargetObject);
        var post = Assert.Single(sim.Requests, r => r.Method == "POST");
        AssertJson($$"""{"external_id":"sub-1","name":"Acme Prod","plan_id":"{{Plan}}","product_id":"{{Product}}","resource_id":"res-1"}""", post.Body);
    }

    [Fact]
    public async Task An_entitlement_create_answered_504_after_it_was_made_is_looked_up_by_external_id_and_never_duplicated()
    {
        await using var sim = await CloudSimulator.StartAsync();
        sim.AddFault(new FaultRule { Kind = FaultKind.GatewayTimeoutAfterProcessing504, Method = "POST", Path = "/partner/v2/entitlements", MaxTimes = 1 });
        var run = ModuleHost.Run($"New-CcPartnerEntitlement -EntitlementExternalId sub-9 -EntitlementName Nine -PlanId {Plan} -ProductId {Product} {Auth} -RetryIntervalSec 0",
            sim.Vars());

        Assert.True(run.Errors.Count == 0, string.Join("\n", run.Errors.Select(e => e.ToString())));
        Assert.Equal("sub-9", Assert.Single(run.Output).Prop<string>("ExternalId"));
        Assert.Equal(1, sim.Stats.EntitlementsCreated);
        Assert.Equal(1, sim.ApiRequests("POST", "/partner/v2/entitlements"));
        Assert.Contains(sim.Requests, r => r.Method == "GET" && r.Path == "/partner/v2/entitlements");
    }

    [Fact]
    public async Task Skip_existing_reports_an_entitlement_an_earlier_run_created_instead_of_a_conflict()
    {
        await using var sim = await CloudSimulator.StartAsync();
        var script = $"New-CcPartnerEntitlement -EntitlementExternalId sub-3 -EntitlementName Three -PlanId {Plan} -ProductId {Product} {Auth}";
        ModuleHost.Run(script, sim.Vars());
        var without = ModuleHost.Run(script, sim.Vars());
        var with = ModuleHost.Run(script + " -SkipExisting", sim.Vars());

        Assert.Equal("resource_already_exists", Assert.Single(without.Errors).FullyQualifiedErrorId.Split(',')[0]);
        Assert.Empty(with.Errors);
        var existing = Assert.Single(with.Output);
        Assert.True(existing.Prop<bool>("AlreadyExisted"));
        Assert.Equal(sim.Entitlements.Single().Id, existing.Prop<string>("EntitlementId"));
        Assert.Equal(1, sim.Stats.EntitlementsCreated);
    }

    [Fact]
    public async Task Get_entitlement_streams_every_page_gets_by_id_and_filters_by_organization()
    {
        await using var sim = await CloudSimulator.StartAsync();
        for (var i = 0; i < 230; i++) sim.SeedEntitlement($"seed-{i:000}");
        var signed = ModuleHost.Run($"New-CcPartnerSignup -OrganizationName Solo -SsoTenantId {Tenant} -EntitlementExternalId solo -EntitlementName Solo -PlanId {Plan} -ProductId {Product} {Auth}", sim.Vars());
        var organizationId = Assert.Single(signed.Output).Prop<string>("OrganizationId");
        var oneId = sim.Entitlements[5].Id;

        var run = ModuleHost.Run($"""
            @(Get-CcPartnerEntitlement {Auth}).Count
            (Get-CcPartnerEntitlement -Id '{oneId}' {Auth}).ExternalId
            (Get-CcPartnerEntitlement -OrganizationId '{organizationId}' {Auth}).ExternalId
            Get-CcPartnerEntitlement -Id nope {Auth} -ErrorAction SilentlyContinue -ErrorVariable missing; $missing[0].CategoryInfo.Category
            """, sim.Vars());

        Assert.Null(run.Terminating);
        Assert.Equal(new object[] { 231, "seed-005", "solo", ErrorCategory.ObjectNotFound }, run.Output.Select(o => o.BaseObject).ToArray());
        Assert.Equal(3, sim.Requests.Count(r => r.Method == "GET" && r.Path == "/partner/v2/entitlements" && !r.Query.Contains("organization.id")));
    }

    [Fact]
    public async Task An_entitlement_pipes_into_signup_as_the_reference_and_then_into_get_organization()
    {
        await using var sim = await CloudSimulator.StartAsync();
        var run = ModuleHost.Run($"""
            $e = New-CcPartnerEntitlement -EntitlementExternalId pre-1 -EntitlementName Pre -PlanId {Plan} -ProductId {Product} {Auth}
            $s = $e | New-CcPartnerSignup -OrganizationName 'Piped Org' -SsoTenantId {Tenant} {Auth}
            Get-CcPartnerEntitlement -Id $e.EntitlementId {Auth} | Get-CcPartnerOrganization {Auth}
            $s.OrganizationId
            """, sim.Vars());

        Assert.Null(run.Terminating);
        Assert.Empty(run.Errors);
        var entitlement = sim.Entitlements.Single();
        var signup = Assert.Single(sim.Requests, r => r.Path == "/partner/v2/signup");
        AssertJson($$$"""
            {"organization":{"name":"Piped Org","sso_config":{"kind":"AzureSSOConfig","tenant_id":"{{{Tenant}}}"}},
             "entitlement":{"id":"{{{entitlement.Id}}}","related":"{{{sim.EntitlementUrl(entitlement.Id)}}}","resource_name":"crn://confluent.cloud/entitlement={{{entitlement.Id}}}"}}
            """, signup.Body);
        var organization = run.Output[0];
        Assert.Equal("ConfluentPartner.PartnerOrganization", organization.TypeNames[0]);
        Assert.Equal("Piped Org", organization.Prop<string>("Name"));
        Assert.Equal(run.Output[1].BaseObject, organization.Prop<string>("OrganizationId"));
        Assert.StartsWith("https://", organization.Prop<string>("SsoUrl"));
        Assert.Equal(1, sim.Stats.EntitlementsCreated);
    }

    [Fact]
    public async Task Get_organization_reads_every_page_and_writes_name_id_sso_url_and_created()
    {
        await using var sim = await CloudSimulator.StartAsync();
        var rows = Enumerable.Range(0, 103).Select(i => CustomerCsv.Details($"p{i:000}", user: false)).ToArray();
        var signups = ModuleHost.Run($"$Rows | New-CcPartnerSignup {Auth} -WarningAction SilentlyContinue | Out-Null", sim.Vars(("Rows", rows)));
        Assert.Empty(signups.Errors);

        var run = ModuleHost.Run($"""
            Get-CcPartnerOrganization {Auth}
            """, sim.Vars());

        Assert.Null(run.Terminating);
        Assert.Equal(103, run.Output.Count);
        var first = run.Output[0];
        Assert.Equal("ConfluentPartner.PartnerOrganization", first.TypeNames[0]);
        Assert.Equal(("Customer p000", sim.Organizations[0].OrganizationId, sim.Organizations[0].SsoUrl, Tenant),
            (first.Prop<string>("Name"), first.Prop<string>("OrganizationId"), first.Prop<string>("SsoUrl"), first.Prop<string>("SsoTenantId")));
        Assert.NotNull(first.Properties["CreatedAt"].Value);
        Assert.Equal(2, sim.Requests.Count(r => r.Path == "/partner/v2/organizations"));
    }

    [Fact]
    public async Task A_link_sends_the_token_only_in_the_body_and_no_stream_error_or_object_ever_shows_it()
    {
        await using var sim = await CloudSimulator.StartAsync();
        var reused = CloudSimulator.LinkToken("reused-one");
        var csvToken = CloudSimulator.LinkToken("from-the-csv");
        var badCsvToken = "not-a-valid-token-0123456789";
        var rows = new[]
        {
            CustomerCsv.LinkDetails("from-the-csv"),
            CustomerCsv.Row(new() { ["tenant_id"] = Tenant, ["external_id"] = "ext-badtoken", ["entitlement_name"] = "B", ["plan_id"] = Plan,
                ["product_id"] = Product, ["link_token"] = badCsvToken }),
            CustomerCsv.Row(new() { ["tenant_id"] = Tenant, ["external_id"] = "ext-user", ["entitlement_name"] = "U", ["plan_id"] = Plan,
                ["product_id"] = Product, ["link_token"] = CloudSimulator.LinkToken("with-user"), ["email"] = "someone@example.com" }),
        };
        var run = ModuleHost.Run($"""
            Connect-CcPartnerOrganization -LinkToken $t -OrganizationName Reused -SsoTenantId {Tenant} -EntitlementExternalId ext-r1 -EntitlementName R -PlanId {Plan} -ProductId {Product} {Auth} -Verbose
            Connect-CcPartnerOrganization -LinkToken $t -SsoTenantId {Tenant} -EntitlementExternalId ext-r2 -EntitlementName R -PlanId {Plan} -ProductId {Product} {Auth} -Verbose
            $Rows | Connect-CcPartnerOrganization {Auth} -Verbose
            $Rows[0] | Connect-CcPartnerOrganization {Auth} -WhatIf -Verbose
            $Rows | Test-CcPartnerSignup {Auth} -Detailed -Verbose
            """, sim.Vars(("Rows", rows), ("t", ModuleHost.Secure(reused))));

        Assert.Null(run.Terminating);
        var text = run.AllText();
        foreach (var secret in new[] { reused, csvToken, badCsvToken, CloudSimulator.LinkToken("with-user") }.Concat(sim.Secrets()))
            Assert.DoesNotContain(secret, text);
        // What reached the server: the token in the body of each link sent, nothing else.
        var links = sim.Requests.Where(r => r.Path == "/partner/v2/signup/link").ToList();
        Assert.Contains(links, r => r.Body!.Contains($"\"token\":\"{reused}\"") && r.Query == "");
        Assert.Contains(links, r => r.Body!.Contains($"\"token\":\"{csvToken}\"") && r.Query == "");
        Assert.DoesNotContain(links, r => r.Body!.Contains("with-user")); // the row with user cells is refused before sending
        Assert.Equal(2, sim.Stats.LinksCreated);
        Assert.Contains(run.Errors, e => e.CategoryInfo.Category == ErrorCategory.ResourceExists);       // the token again: 409
        Assert.Contains(run.Errors, e => ParameterOf(e) == "LinkToken" && e.TargetObject is PSObject row
            && (string)row.Properties["link_token"].Value == "(redacted)");                                  // bad token: 400 at /token
        Assert.Contains(run.Errors, e => ParameterOf(e) == "UserEmail");
        var tests = run.Output.Where(o => o.TypeNames[0] == "ConfluentPartner.PartnerSignupTestResult").ToList();
        Assert.Equal(3, tests.Count);
        Assert.All(tests, t => Assert.True(t.Prop<bool>("Link")));
        Assert.Equal(2, links.Count(r => r.Query == "?dry_run=true"));
    }

    [Fact]
    public async Task The_customer_csv_with_both_forms_links_and_three_bad_rows_ends_in_37_outcomes_and_3_errors_naming_their_fields()
    {
        await using var sim = await CloudSimulator.StartAsync();
        var rows = CustomerCsv.Mixed(sim, out var tokens);
        var run = ModuleHost.Run($"$Rows | New-CcPartnerSignup {Auth} -WarningAction SilentlyContinue", sim.Vars(("Rows", rows)));

        Assert.Null(run.Terminating);
        Assert.Equal(37, run.Output.Count);
        Assert.Equal(3, run.Errors.Count);
        Assert.Equal(["PlanId", "OrganizationName", "UserEmail"], run.Errors.Select(ParameterOf).ToArray());
        Assert.Equal([rows[6], rows[18], rows[30]], run.Errors.Select(e => e.TargetObject).ToArray());
        Assert.Equal(8, run.Output.Count(r => r.Prop<bool>("Linked")));
        Assert.Equal(29, sim.Stats.SignupsCreated);
        Assert.Equal(8, sim.Stats.LinksCreated);
        Assert.Equal(37, sim.Organizations.Count);
        Assert.All(tokens, t => Assert.DoesNotContain(t, run.AllText()));
    }

    [Fact]
    public async Task A_run_killed_halfway_with_an_unknown_outcome_is_rerun_to_completion_creating_each_customer_once()
    {
        await using var sim = await CloudSimulator.StartAsync();
        var rows = CustomerCsv.Mixed(sim, out _);
        // Row 15's signup is created but answered 504: its outcome is unknown. The run then crashes after 15 outcomes.
        sim.AddFault(new FaultRule { Kind = FaultKind.GatewayTimeoutAfterProcessing504, Method = "POST", Path = "/partner/v2/signup", EveryNth = 14, MaxTimes = 1 });
        var first = ModuleHost.Run($$"""
            $n = 0
            $Rows | New-CcPartnerSignup {{Auth}} -ThrottleLimit 1 -RetryIntervalSec 0 -WarningAction SilentlyContinue |
                ForEach-Object { $_; if (++$n -eq 15) { throw 'The runbook crashed.' } }
            """, sim.Vars(("Rows", rows)));

        var unknown = Assert.Single(first.Errors, e => e.CategoryInfo.Category == ErrorCategory.OperationTimeout);
        Assert.Contains("ext-c15", unknown.ErrorDetails.Message);
        Assert.Contains("Get-CcPartnerEntitlement | Where-Object ExternalId -eq 'ext-c15' | Get-CcPartnerOrganization", unknown.ErrorDetails.RecommendedAction);
        Assert.Contains("-SkipExisting", unknown.ErrorDetails.RecommendedAction);
        Assert.Equal(1, sim.ApiRequests("POST", "/partner/v2/signup") - sim.Requests.Count(r => r.Path == "/partner/v2/signup" && r.Status == 201)); // never resent
        var createdBefore = sim.Organizations.Count;
        Assert.InRange(createdBefore, 14, 36);

        var second = ModuleHost.Run($"$Rows | New-CcPartnerSignup {Auth} -SkipExisting -WarningAction SilentlyContinue", sim.Vars(("Rows", rows)));

        Assert.Null(second.Terminating);
        Assert.Equal(37, second.Output.Count);
        Assert.Equal(3, second.Errors.Count);
        var results = second.Output;
        Assert.Equal(createdBefore, results.Count(r => r.Prop<bool>("AlreadyExisted")));
        Assert.Contains(results, r => r.Prop<bool>("AlreadyExisted") && r.Prop<string>("EntitlementExternalId") == "ext-c15" && r.Prop<string>("OrganizationName") == "Customer c15");
        // Each customer exactly once.
        Assert.Equal(37, sim.Organizations.Count);
        Assert.Equal(37, sim.Organizations.Select(o => o.EntitlementId).Distinct().Count());
        Assert.Equal(29, sim.Stats.SignupsCreated);
        Assert.Equal(8, sim.Stats.LinksCreated);
        Assert.Equal(sim.Entitlements.Count, sim.Entitlements.Select(e => e.ExternalId).Distinct().Count());
        Assert.Equal(0, sim.Stats.DuplicatesAttempted);

        // A third run finds everything and sends no create at all.
        var posts = sim.Requests.Count(r => r.Method == "POST" && r.Path.StartsWith("/partner/v2/"));
        var third = ModuleHost.Run($"$Rows | New-CcPartnerSignup {Auth} -SkipExisting", sim.Vars(("Rows", rows)));
        Assert.Equal(37, third.Output.Count(o => o.Prop<bool>("AlreadyExisted")));
        Assert.Equal(posts, sim.Requests.Count(r => r.Method == "POST" && r.Path.StartsWith("/partner/v2/")));
    }
}
