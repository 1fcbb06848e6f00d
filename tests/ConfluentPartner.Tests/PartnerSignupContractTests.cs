using System.Net.Http;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using ConfluentCloud.Simulator;
using ConfluentPartner.Client;
using ConfluentPartner.Client.Credentials;
using ConfluentPartner.Client.Errors;
using ConfluentPartner.Client.Models;
using ConfluentPartner.Client.Validation;
using ConfluentPartner.Tests.Infrastructure;
using Xunit;

namespace ConfluentPartner.Tests;

/// <summary>
/// Every constraint of PartnerSignupRequest and ActivatePartnerSignupRequest, checked twice: the client's contract
/// validator refuses the request before sending, and the server (the simulator, sent the same JSON with
/// <see cref="CcApiClient.SendRawAsync"/>, which skips client validation) refuses it with the same JSON pointer.
/// </summary>
public class PartnerSignupContractTests(SharedSimulator shared) : IClassFixture<SharedSimulator>
{
    private static readonly JsonSerializerOptions Wire = new() { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    internal static PartnerSignupRequest ValidSignup() => new()
    {
        Organization = new SignupOrganization { Name = "Acme Organization", SsoConfig = new AzureSsoConfig { TenantId = "b3a17773-05cc-4431-9560-433fb4613da8" } },
        Entitlement = new SignupEntitlement
        {
            ExternalId = "1111-2222-3333-4444", Name = "Acme Prod Entitlement",
            PlanId = "confluent-cloud-payg-prod", ProductId = "confluent-cloud-kafka-service-azure",
        },
        User = new SignupUser { Email = "marty.mcfly@example.com", GivenName = "Marty", FamilyName = "McFly" },
    };

    private static SignupEntitlement Reference(string id = "ent-1") => new()
    {
        Id = id, Related = "https://api.confluent.cloud/partner/v2/entitlements/" + id, ResourceName = "crn://confluent.cloud/entitlement=" + id,
    };

    private static ObjectReference OrganizationReference() => new()
    {
        Id = "org-1", Related = "https://api.confluent.cloud/partner/v2/organizations/org-1", ResourceName = "crn://confluent.cloud/organization=org-1",
    };

    /// <summary>A constraint: how to break a valid request, and the pointer both sides must name.</summary>
    public static TheoryData<string, Action<PartnerSignupRequest>, string> SignupViolations => new()
    {
        { "organization name missing", r => r.Organization!.Name = null, "/organization/name" },
        { "organization name empty", r => r.Organization!.Name = "", "/organization/name" },
        { "organization name of 32 characters", r => r.Organization!.Name = new string('a', 32), "/organization/name" },
        { "organization name with <", r => r.Organization!.Name = "Acme <Prod>", "/organization/name" },
        { "organization name with #", r => r.Organization!.Name = "Acme #1", "/organization/name" },
        { "organization name with %", r => r.Organization!.Name = "100% Acme", "/organization/name" },
        { "organization name with '", r => r.Organization!.Name = "Acme's", "/organization/name" },
        { "organization name with *", r => r.Organization!.Name = "Acme*", "/organization/name" },
        { "organization name with ^", r => r.Organization!.Name = "Acme^2", "/organization/name" },
        { "organization name with `", r => r.Organization!.Name = "Acme`", "/organization/name" },
        { "organization name with {", r => r.Organization!.Name = "Acme{", "/organization/name" },
        { "organization name with |", r => r.Organization!.Name = "Acme|Corp", "/organization/name" },
        { "organization name with }", r => r.Organization!.Name = "Acme}", "/organization/name" },
        { "organization name with ~", r => r.Organization!.Name = "Acme~", "/organization/name" },
        { "organization name with \"", r => r.Organization!.Name = "\"Acme\"", "/organization/name" },
        { "tenant id missing", r => r.Organization!.SsoConfig!.TenantId = null, "/organization/sso_config/tenant_id" },
        { "SSO kind other than AzureSSOConfig", r => r.Organization!.SsoConfig!.Kind = "OktaSSOConfig", "/organization/sso_config/kind" },
        { "entitlement missing", r => r.Entitlement = null, "/entitlement" },
        { "external id missing", r => r.Entitlement!.ExternalId = null, "/entitlement/external_id" },
        { "entitlement name missing", r => r.Entitlement!.Name = null, "/entitlement/name" },
        { "plan id missing", r => r.Entitlement!.PlanId = null, "/entitlement/plan_id" },
        { "plan id not in the enum", r => r.Entitlement!.PlanId = "confluent-cloud-free", "/entitlement/plan_id" },
        { "plan id in another case", r => r.Entitlement!.PlanId = "Confluent-Cloud-PAYG-Prod", "/entitlement/plan_id" },
        { "product id missing", r => r.Entitlement!.ProductId = null, "/entitlement/product_id" },
        { "product id not in the enum", r => r.Entitlement!.ProductId = "confluent-cloud-kafka-service-aws", "/entitlement/product_id" },
        { "entitlement organization without related", r => r.Entitlement!.Organization = new ObjectReference { Id = "org-1", ResourceName = "crn://confluent.cloud/organization=org-1" }, "/entitlement/organization/related" },
        { "entitlement organization without id", r => { var o = OrganizationReference(); o.Id = null; r.Entitlement!.Organization = o; }, "/entitlement/organization/id" },
        { "entitlement organization without resource name", r => { var o = OrganizationReference(); o.ResourceName = null; r.Entitlement!.Organization = o; }, "/entitlement/organization/resource_name" },
        { "entitlement organization related not a URI", r => { var o = OrganizationReference(); o.Related = "organizations/org-1"; r.Entitlement!.Organization = o; }, "/entitlement/organization/related" },
        { "entitlement organization environment empty", r => { var o = OrganizationReference(); o.Environment = ""; r.Entitlement!.Organization = o; }, "/entitlement/organization/environment" },
        { "reference without id", r => { var e = Reference(); e.Id = null; r.Entitlement = e; }, "/entitlement/id" },
        { "reference with an id over 255 characters", r => r.Entitlement = Reference(new string('e', 256)), "/entitlement/id" },
        { "reference without related", r => { var e = Reference(); e.Related = null; r.Entitlement = e; }, "/entitlement/related" },
        { "reference related not a URI", r => { var e = Reference(); e.Related = "entitlements/ent-1"; r.Entitlement = e; }, "/entitlement/related" },
        { "reference without resource name", r => { var e = Reference(); e.ResourceName = null; r.Entitlement = e; }, "/entitlement/resource_name" },
        { "reference environment empty", r => { var e = Reference(); e.Environment = ""; r.Entitlement = e; }, "/entitlement/environment" },
        { "user without email", r => r.User!.Email = null, "/user/email" },
        { "user without given name", r => r.User!.GivenName = null, "/user/given_name" },
        { "user without family name", r => r.User!.FamilyName = null, "/user/family_name" },
        { "user with only an email", r => r.User = new SignupUser { Email = "a@example.com" }, "/user/given_name" },
        { "user email without @", r => r.User!.Email = "marty.example.com", "/user/email" },
        { "user email with a space", r => r.User!.Email = "marty mcfly@example.com", "/user/email" },
        { "user email without a dotted domain", r => r.User!.Email = "marty@localhost", "/user/email" },
    };

    [Theory]
    [MemberData(nameof(SignupViolations))]
    public async Task A_signup_violation_is_refused_by_the_client_and_by_the_server_at_the_same_pointer(string name, Action<PartnerSignupRequest> breakIt, string pointer)
    {
        var request = ValidSignup();
        breakIt(request);

        var client = request.Validate();
        Assert.True(client.Any(e => e.Pointer == pointer), $"{name}: client pointers were [{string.Join(", ", client.Select(e => e.Pointer))}]");

        var server = await Refusal(shared.Simulator, "/partner/v2/signup?dry_run=true", JsonSerializer.Serialize(request, Wire));
        Assert.Contains(pointer, server.Errors.Select(e => e.Pointer));
    }

    [Fact]
    public async Task The_valid_requests_pass_both_sides_so_the_cases_above_fail_for_their_own_reason()
    {
        await using var sim = await CloudSimulator.StartAsync();
        var seeded = sim.SeedEntitlement("seeded-1");
        var withOrganization = ValidSignup();
        withOrganization.Entitlement!.Organization = OrganizationReference();
        withOrganization.Entitlement.UsageReportingId = "u-1";
        withOrganization.Entitlement.ResourceId = "r-1";
        var withoutUser = ValidSignup();
        withoutUser.User = null;
        var reference = ValidSignup();
        reference.Entitlement = new SignupEntitlement { Id = seeded.Id, Related = sim.EntitlementUrl(seeded.Id), ResourceName = "crn://confluent.cloud/entitlement=" + seeded.Id };
        var longestName = ValidSignup();
        longestName.Organization!.Name = new string('a', 31);

        foreach (var request in new[] { ValidSignup(), withOrganization, withoutUser, reference, longestName })
        {
            Assert.Empty(request.Validate());
            var (status, body, _) = await Client(sim).SendRawAsync(HttpMethod.Post, "/partner/v2/signup?dry_run=true", JsonSerializer.Serialize(request, Wire), default);
            Assert.True(status == 201, body);
        }
        Assert.Empty(sim.Signups);
    }

    [Fact]
    public void Both_entitlement_forms_at_once_are_refused_by_the_client()
    {
        // The contract's oneOf would take such a body as a reference (the details branch forbids extra properties
        // and the reference branch allows them) and silently drop the details; the client refuses the ambiguity.
        var request = ValidSignup();
        request.Entitlement!.Related = "https://api.confluent.cloud/partner/v2/entitlements/ent-1";
        var error = Assert.Single(request.Validate());
        Assert.Equal("/entitlement", error.Pointer);
        Assert.Contains("not both", error.Detail);
    }

    [Theory]
    [InlineData("organization", """{"name":"Acme","sso_config":{"kind":"AzureSSOConfig","tenant_id":"t"},"color":"red"}""", "/organization/color")]
    [InlineData("entitlement", """{"external_id":"e","name":"n","plan_id":"confluent-cloud-payg-prod","product_id":"confluent-cloud-kafka-service-azure","seats":3}""", "/entitlement/seats")]
    public async Task The_server_refuses_properties_the_contract_does_not_define(string field, string value, string pointer)
    {
        // The client cannot send these: its models have exactly the contract's properties (see the body tests).
        var sim = shared.Simulator;
        var body = JsonNode.Parse(JsonSerializer.Serialize(ValidSignup(), Wire))!.AsObject();
        body[field] = JsonNode.Parse(value);
        var server = await Refusal(sim, "/partner/v2/signup?dry_run=true", body.ToJsonString());
        Assert.Contains(pointer, server.Errors.Select(e => e.Pointer));
    }

    public static TheoryData<string, Action<ActivatePartnerSignupRequest>, string> ActivateViolations => new()
    {
        { "organization id missing", r => r.OrganizationId = null, "/organization_id" },
        { "user missing", r => r.User = null, "/user" },
        { "user without email", r => r.User!.Email = null, "/user/email" },
        { "user without given name", r => r.User!.GivenName = null, "/user/given_name" },
        { "user without family name", r => r.User!.FamilyName = null, "/user/family_name" },
        { "user email invalid", r => r.User!.Email = "not-an-email", "/user/email" },
    };

    [Theory]
    [MemberData(nameof(ActivateViolations))]
    public async Task An_activation_violation_is_refused_by_the_client_and_by_the_server_at_the_same_pointer(string name, Action<ActivatePartnerSignupRequest> breakIt, string pointer)
    {
        var request = new ActivatePartnerSignupRequest
        {
            OrganizationId = "b3a17773-05cc-4431-9560-433fb4613da8",
            User = new SignupUser { Email = "marty.mcfly@example.com", GivenName = "Marty", FamilyName = "McFly" },
        };
        breakIt(request);

        var client = request.Validate();
        Assert.True(client.Any(e => e.Pointer == pointer), $"{name}: client pointers were [{string.Join(", ", client.Select(e => e.Pointer))}]");

        var server = await Refusal(shared.Simulator, "/partner/v2/signup/activate", JsonSerializer.Serialize(request, Wire));
        Assert.Contains(pointer, server.Errors.Select(e => e.Pointer));
    }

    internal static CcApiClient Client(CloudSimulator sim) =>
        new(new CcClientOptions { BaseUri = sim.BaseUri, Credential = new BearerTokenCredential(ModuleHost.Secure(sim.Options.StaticBearerToken)) });

    /// <summary>The server's 400 for a body sent as is; its errors are the contract's Failure, read by the client.</summary>
    private static async Task<CcApiException> Refusal(CloudSimulator sim, string path, string json)
    {
        var refused = await Assert.ThrowsAsync<CcApiException>(() => Client(sim).SendRawAsync(HttpMethod.Post, path, json, default));
        Assert.Equal(400, refused.StatusCode);
        return refused;
    }
}

/// <summary>One simulator for tests that only send dry runs and invalid requests, which change nothing.</summary>
public sealed class SharedSimulator : IAsyncLifetime
{
    public CloudSimulator Simulator { get; private set; } = null!;
    public async Task InitializeAsync() => Simulator = await CloudSimulator.StartAsync();
    public async Task DisposeAsync() => await Simulator.DisposeAsync();
}
