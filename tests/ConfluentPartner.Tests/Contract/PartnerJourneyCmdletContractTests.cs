using ConfluentPartner.Tests.Infrastructure;
using Xunit;
using static ConfluentPartner.Tests.Infrastructure.SignupRows;

namespace ConfluentPartner.Tests.Contract;

/// <summary>The partner journey cmdlets (entitlements, organizations, links) through the hosted engine against Prism serving the published partner/v2 spec.</summary>
[Collection(PrismCollection.Name)]
[Trait("Category", ContractEnvironment.Category)]
public sealed class PartnerJourneyCmdletContractTests
{
    private const string Auth = "-BaseUri $BaseUri -AccessToken $Token";
    private const string Entitlement = "-EntitlementUri https://api.confluent.cloud/partner/v2/entitlements/ent-1 -EntitlementResourceName crn://confluent.cloud/entitlement=ent-1";
    private const string Details = "-EntitlementExternalId e-1 -EntitlementName Prod -PlanId confluent-cloud-payg-prod -ProductId confluent-cloud-for-apache-kafka";
    private readonly PrismFixture _prism;

    public PartnerJourneyCmdletContractTests(PrismFixture prism)
    {
        _prism = prism;
        prism.Partner.Reset();
    }

    [ContractFact]
    public void Entitlement_creates_from_parameters_and_csv_rows_conform()
    {
        var row = ModuleHost.CsvRow(("external_id", "e-2"), ("name", "Test"), ("plan_id", "payg-prod.gcpmarketplace.confluent.cloud"),
            ("product_id", "payg-prod.gcpmarketplace.confluent.cloud"), ("usage_reporting_id", "u-2"), ("resource_id", "r-2"),
            ("entitlement_organization_id", "o-1"), ("entitlement_organization_related", "https://api.confluent.cloud/partner/v2/organizations/o-1"),
            ("entitlement_organization_resource_name", "crn://confluent.cloud/organization=o-1"));
        var run = ModuleHost.Run($"""
            New-CcPartnerEntitlement {Details} {Auth}
            $Row | New-CcPartnerEntitlement {Auth}
            """, Vars(("Row", row)));

        Assert.Null(run.Terminating);
        Assert.Empty(run.Errors);
        Assert.Equal(2, run.Output.Count);
        Assert.Equal(2, _prism.Partner.Exchanges.Count(e => e.Method == "POST" && e.PathAndQuery == "/partner/v2/entitlements" && e.Status == 201));
        ContractAssert.RequestsConform(_prism.Partner.Exchanges);
    }

    [ContractFact]
    public void Entitlement_and_organization_reads_conform()
    {
        var run = ModuleHost.Run($"""
            Get-CcPartnerEntitlement -Id ent-1 {Auth}
            Get-CcPartnerOrganization -Id o-1 {Auth}
            Get-CcPartnerEntitlement -OrganizationId o-1 {Auth}
            Get-CcPartnerOrganization {Auth}
            """, Vars());

        Assert.Null(run.Terminating);
        Assert.Equal(4, run.Output.Count); // one entitlement and one organization by id, one of each on the first list pages
        Assert.Contains(_prism.Partner.Exchanges, e => e.PathAndQuery == "/partner/v2/entitlements?page_size=100&organization.id=o-1");
        Assert.Contains(_prism.Partner.Exchanges, e => e.PathAndQuery == "/partner/v2/organizations/o-1");
        // The spec's ListMeta example has next = https://api.confluent.cloud/v2/resourcekinds?..., a path outside partner/v2: the
        // lists follow it (so every page is read) and the mock answers 404 there, reported as an error after the first page.
        var partner = _prism.Partner.Exchanges.Where(e => e.PathAndQuery.StartsWith("/partner/v2/", StringComparison.Ordinal)).ToList();
        Assert.Equal(4, partner.Count);
        Assert.All(partner, e => Assert.Equal(200, e.Status));
        Assert.Equal(2, run.Errors.Count(e => e.Exception.Message.Contains("HTTP 404")));
        ContractAssert.RequestsConform(partner);
    }

    [ContractFact]
    public void Links_in_both_entitlement_forms_their_dry_runs_and_link_rows_of_a_signup_csv_conform()
    {
        var linkRow = CustomerCsv.Row(new() { ["organization_name"] = "Linked", ["tenant_id"] = Tenant, ["external_id"] = "e-3", ["entitlement_name"] = "L",
            ["plan_id"] = Plan, ["product_id"] = Product, ["link_token"] = "eyJhbGciOiJIUzI1NiJ9.e30.token" });
        var run = ModuleHost.Run($"""
            Connect-CcPartnerOrganization -LinkToken $Link -SsoTenantId {Tenant} {Details} {Auth}
            Connect-CcPartnerOrganization -LinkToken $Link -OrganizationName Acme -SsoTenantId {Tenant} {Entitlement} {Auth}
            Test-CcPartnerSignup -LinkToken $Link -SsoTenantId {Tenant} {Entitlement} {Auth}
            $Row | New-CcPartnerSignup {Auth}
            $Row | Test-CcPartnerSignup {Auth}
            """, Vars(("Row", linkRow), ("Link", ModuleHost.Secure("eyJhbGciOiJIUzI1NiJ9.e30.token"))));

        Assert.Null(run.Terminating);
        Assert.Empty(run.Errors);
        Assert.Equal(5, run.Output.Count);
        Assert.Equal(3, _prism.Partner.Exchanges.Count(e => e.PathAndQuery == "/partner/v2/signup/link"));
        Assert.Equal(2, _prism.Partner.Exchanges.Count(e => e.PathAndQuery == "/partner/v2/signup/link?dry_run=true"));
        ContractAssert.RequestsConform(_prism.Partner.Exchanges);
    }

    [ContractFact]
    public void A_resumed_run_with_skip_existing_reads_and_creates_only_what_the_spec_allows()
    {
        var run = ModuleHost.Run($"""
            New-CcPartnerSignup Acme {Tenant} {Details} -SkipExisting {Auth}
            New-CcPartnerEntitlement {Details} -SkipExisting {Auth}
            """, Vars());

        Assert.Null(run.Terminating);
        Assert.Contains(_prism.Partner.Exchanges, e => e.Method == "GET" && e.PathAndQuery.StartsWith("/partner/v2/entitlements", StringComparison.Ordinal));
        ContractAssert.RequestsConform(_prism.Partner.Exchanges);
    }

    private Dictionary<string, object?> Vars(params (string Name, object? Value)[] more)
    {
        var vars = new Dictionary<string, object?>
        {
            ["BaseUri"] = _prism.Partner.BaseUri.ToString(),
            ["Token"] = ModuleHost.Secure(ContractClients.AccessToken),
        };
        foreach (var (name, value) in more) vars[name] = value;
        return vars;
    }
}
