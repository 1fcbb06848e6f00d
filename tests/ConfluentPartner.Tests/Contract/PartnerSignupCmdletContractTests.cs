using System.Management.Automation;
using ConfluentPartner.Tests.Infrastructure;
using Xunit;
using static ConfluentPartner.Tests.Infrastructure.SignupRows;

namespace ConfluentPartner.Tests.Contract;

/// <summary>The signup cmdlets through the hosted engine against Prism serving the published partner/v2 spec.</summary>
[Collection(PrismCollection.Name)]
[Trait("Category", ContractEnvironment.Category)]
public sealed class PartnerSignupCmdletContractTests
{
    private const string Auth = "-BaseUri $BaseUri -AccessToken $Token";
    private const string SpecOrganizationId = "b3a17773-05cc-4431-9560-433fb4613da8"; // PartnerSignupResponse example
    private readonly PrismFixture _prism;

    public PartnerSignupCmdletContractTests(PrismFixture prism)
    {
        _prism = prism;
        prism.Partner.Reset();
    }

    [ContractTheory]
    [InlineData("New-CcPartnerSignup Acme 11111111-1111-4111-8111-111111111111 -EntitlementExternalId e-1 -EntitlementName Prod -PlanId confluent-cloud-payg-prod -ProductId confluent-cloud-for-apache-kafka")]
    [InlineData("New-CcPartnerSignup Acme 11111111-1111-4111-8111-111111111111 -EntitlementExternalId e-1 -EntitlementName Prod -PlanId payg-prod.gcpmarketplace.confluent.cloud " +
        "-ProductId payg-prod.gcpmarketplace.confluent.cloud -UsageReportingId u-1 -ResourceId r-1 -EntitlementOrganizationId o-1 -EntitlementOrganizationEnvironment env-1 " +
        "-EntitlementOrganizationUri https://api.confluent.cloud/partner/v2/organizations/o-1 -EntitlementOrganizationResourceName crn://confluent.cloud/organization=o-1 " +
        "-UserEmail ada@example.com -UserGivenName Ada -UserFamilyName Lovelace")]
    [InlineData("New-CcPartnerSignup Acme 11111111-1111-4111-8111-111111111111 -EntitlementUri https://api.confluent.cloud/partner/v2/entitlements/ent-1 -EntitlementResourceName crn://confluent.cloud/entitlement=ent-1 -EntitlementEnvironment env-1")]
    public void Every_parameter_set_produces_a_signup_the_spec_accepts(string command)
    {
        var run = ModuleHost.Run($"{command} {Auth}", Vars());

        Assert.Null(run.Terminating);
        Assert.Empty(run.Errors);
        Assert.Equal(SpecOrganizationId, Assert.Single(run.Output).Prop<string>("OrganizationId"));
        var exchange = Assert.Single(_prism.Partner.Exchanges);
        Assert.Equal(("POST", "/partner/v2/signup", "Bearer", 201), (exchange.Method, exchange.PathAndQuery, exchange.AuthorizationScheme, exchange.Status));
        ContractAssert.RequestsConform(_prism.Partner.Exchanges);
    }

    [ContractFact]
    public void Csv_rows_of_both_entitlement_forms_dry_runs_and_completions_conform()
    {
        var rows = new[]
        {
            Details("a", ("usage_reporting_id", "u-1")),
            Reference("b", "https://api.confluent.cloud/partner/v2/entitlements/ent-2", "crn://confluent.cloud/entitlement=ent-2"),
        };
        var run = ModuleHost.Run($"""
            $Rows | Test-CcPartnerSignup {Auth}
            $Rows | New-CcPartnerSignup {Auth} | Complete-CcPartnerSignup -UserEmail owner@example.com -UserGivenName Ada -UserFamilyName Lovelace {Auth}
            """, Vars(("Rows", rows)));

        Assert.Null(run.Terminating);
        Assert.Empty(run.Errors);
        Assert.Equal(new object[] { true, true }, run.Output.Take(2).Select(o => o.BaseObject));
        Assert.Equal(2, run.Output.Skip(2).Count());
        Assert.Equal(2, _prism.Partner.Exchanges.Count(e => e.PathAndQuery == "/partner/v2/signup?dry_run=true"));
        Assert.Equal(2, _prism.Partner.Exchanges.Count(e => e.PathAndQuery == "/partner/v2/signup"));
        Assert.Equal(2, _prism.Partner.Exchanges.Count(e => e.PathAndQuery == "/partner/v2/signup/activate"));
        ContractAssert.RequestsConform(_prism.Partner.Exchanges);
    }

    [ContractFact]
    public void The_specs_409_is_ResourceExists_naming_the_entitlement()
    {
        _prism.Partner.Prefer("POST", "/partner/v2/signup", "code=409");
        var run = ModuleHost.Run($"$Row | New-CcPartnerSignup {Auth}", Vars(("Row", Details("dup"))));

        var error = Assert.Single(run.Errors);
        Assert.Equal("resource_already_exists,ConfluentPartner.Commands.NewCcPartnerSignupCommand", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.ResourceExists, error.CategoryInfo.Category);
        Assert.Contains("The entitlement '91e3e86f-fca6-4f14-98f5-a48e64113ce2' already exists.", error.ErrorDetails.Message);
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
