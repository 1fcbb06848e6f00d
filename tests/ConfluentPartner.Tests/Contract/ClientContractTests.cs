using ConfluentPartner.Client;
using ConfluentPartner.Client.Credentials;
using ConfluentPartner.Client.Models;
using Xunit;

namespace ConfluentPartner.Tests.Contract;

/// <summary>Every operation of the API client, with every body shape it builds, as Prism judges it against the published specs.</summary>
[Collection(PrismCollection.Name)]
[Trait("Category", ContractEnvironment.Category)]
public sealed class ClientContractTests
{
    private const string SpecInvitationId = "dlz-f3a90de";            // iam-v2: iam.v2.Invitation id example
    private const string SpecInvitationEmail = "johndoe@confluent.io"; // iam-v2: iam.v2.Invitation email example
    private const string SpecOrganizationId = "b3a17773-05cc-4431-9560-433fb4613da8"; // partner-v2: PartnerSignupResponse example

    private readonly PrismFixture _prism;

    public ClientContractTests(PrismFixture prism)
    {
        _prism = prism;
        prism.Iam.Reset();
        prism.Partner.Reset();
    }

    [ContractTheory]
    [InlineData("Basic", null)]
    [InlineData("Basic", AuthTypes.Local)]
    [InlineData("Bearer", AuthTypes.Sso)]
    public async Task Creating_an_invitation_conforms(string scheme, string? authType)
    {
        var client = ContractClients.For(_prism.Iam, Credential(scheme));

        var result = await client.Invitations.CreateAsync(new CreateInvitationRequest { Email = "ada@example.com", AuthType = authType }, skipExisting: false, default);

        Assert.Equal(SpecInvitationId, result.Invitation.Id);
        var exchange = Assert.Single(_prism.Iam.Exchanges);
        Assert.Equal(("POST", "/iam/v2/invitations", scheme, 201), (exchange.Method, exchange.PathAndQuery, exchange.AuthorizationScheme, exchange.Status));
        ContractAssert.RequestsConform(_prism.Iam.Exchanges);
    }

    /// <summary>
    /// The one flaw Prism finds in its own answers: the iam spec's 201 Location example is not a valid URI. That is
    /// why Prism runs without --errors (with it, every valid create would be answered 500) and why RequestsConform
    /// tolerates exactly this finding. When Confluent fixes the example this fails: then drop the tolerance.
    /// </summary>
    [ContractFact]
    public async Task The_specs_Location_example_is_the_only_flaw_Prism_reports_about_its_own_answer()
    {
        var client = ContractClients.For(_prism.Iam, ContractClients.ApiKeyCredential());

        await client.Invitations.CreateAsync(new CreateInvitationRequest { Email = "ada@example.com" }, skipExisting: false, default);

        var violation = Assert.Single(_prism.Iam.Exchanges.Single().Violations);
        Assert.True(violation.IsKnownSpecExampleDefect, violation.ToString());
    }

    [ContractFact]
    public async Task An_existing_invitation_is_looked_up_by_email_after_a_409_and_both_requests_conform()
    {
        _prism.Iam.Prefer("POST", "/iam/v2/invitations", "code=409");
        var client = ContractClients.For(_prism.Iam, ContractClients.ApiKeyCredential());

        var result = await client.Invitations.CreateAsync(new CreateInvitationRequest { Email = SpecInvitationEmail }, skipExisting: true, default);

        Assert.True(result.AlreadyExisted);
        Assert.Equal(SpecInvitationId, result.Invitation.Id);
        Assert.Equal(new[] { ("POST", 409), ("GET", 200) }, _prism.Iam.Exchanges.Select(e => (e.Method, e.Status)));
        Assert.Equal("/iam/v2/invitations?email=johndoe%40confluent.io", _prism.Iam.Exchanges[1].PathAndQuery);
        ContractAssert.RequestsConform(_prism.Iam.Exchanges);
    }

    [ContractFact]
    public async Task Listing_invitations_with_every_filter_and_following_pages_conforms()
    {
        var client = ContractClients.For(_prism.Iam, ContractClients.BearerCredential());
        var filter = new InvitationFilter { Email = "ada@example.com", Status = "INVITE_STATUS_SENT", User = "u-j93dy8", Creator = "u-m2r9o7" };

        // Prism serves the spec's list example, whose metadata.next always points at the same page: the second page's link
        // repeats, and paging stops there with paging_loop instead of reading it forever (issue 15).
        var cursor = client.Invitations.List(filter, default);
        for (var seen = 0; seen < 2; seen++) Assert.True(await cursor.MoveNextAsync());
        var loop = await Assert.ThrowsAsync<ConfluentPartner.Client.Errors.CcApiException>(async () => await cursor.MoveNextAsync());
        Assert.Equal("paging_loop", loop.Code);

        var requests = _prism.Iam.Exchanges;
        Assert.Equal(2, requests.Count);
        Assert.Equal("/iam/v2/invitations?page_size=100&email=ada%40example.com&status=INVITE_STATUS_SENT&user=u-j93dy8&creator=u-m2r9o7", requests[0].PathAndQuery);
        Assert.All(requests.Skip(1), r => Assert.StartsWith("/iam/v2/invitations?page_token=", r.PathAndQuery));
        ContractAssert.RequestsConform(requests);
    }

    [ContractFact]
    public async Task Getting_and_deleting_an_invitation_conform()
    {
        var client = ContractClients.For(_prism.Iam, ContractClients.ApiKeyCredential());

        var got = await client.Invitations.GetAsync("i-12345", default);
        await client.Invitations.DeleteAsync("i-12345", default);

        Assert.Equal(SpecInvitationEmail, got.Value.Email);
        Assert.Equal(new[] { ("GET", "/iam/v2/invitations/i-12345", 200), ("DELETE", "/iam/v2/invitations/i-12345", 204) },
            _prism.Iam.Exchanges.Select(e => (e.Method, e.PathAndQuery, e.Status)));
        ContractAssert.RequestsConform(_prism.Iam.Exchanges);
    }

    public static TheoryData<string, bool> SignupShapes() => new()
    {
        { "entitlement details", true },
        { "entitlement details", false },
        { "entitlement details with every optional field", false },
        { "entitlement reference", true },
        { "entitlement reference", false },
        { "entitlement details and the first user", false },
    };

    [ContractTheory]
    [MemberData(nameof(SignupShapes))]
    public async Task Signing_up_conforms(string shape, bool dryRun)
    {
        var client = ContractClients.For(_prism.Partner, ContractClients.BearerCredential());

        var result = await (dryRun ? client.Signups.DryRunAsync(Signup(shape), default) : client.Signups.CreateAsync(Signup(shape), default));

        Assert.Equal(SpecOrganizationId, result.Value.OrganizationId);
        var exchange = Assert.Single(_prism.Partner.Exchanges);
        Assert.Equal(dryRun ? "/partner/v2/signup?dry_run=true" : "/partner/v2/signup", exchange.PathAndQuery);
        Assert.Equal(("Bearer", 201), (exchange.AuthorizationScheme, exchange.Status));
        ContractAssert.RequestsConform(_prism.Partner.Exchanges);
    }

    [ContractFact]
    public async Task Activating_a_signup_conforms()
    {
        var client = ContractClients.For(_prism.Partner, ContractClients.BearerCredential());

        var result = await client.Signups.ActivateAsync(new ActivatePartnerSignupRequest
        {
            OrganizationId = SpecOrganizationId,
            User = new SignupUser { Email = "ada@example.com", GivenName = "Ada", FamilyName = "Lovelace" },
        }, default);

        Assert.Equal(SpecOrganizationId, result.Value.OrganizationId);
        Assert.Equal(("/partner/v2/signup/activate", 201), (_prism.Partner.Exchanges.Single().PathAndQuery, _prism.Partner.Exchanges.Single().Status));
        ContractAssert.RequestsConform(_prism.Partner.Exchanges);
    }

    internal static PartnerSignupRequest Signup(string shape)
    {
        var organization = new SignupOrganization
        {
            Name = "Acme Organization",
            SsoConfig = new AzureSsoConfig { TenantId = "0f3e2d1c-4b5a-6978-8a9b-0c1d2e3f4a5b" },
        };
        var details = new SignupEntitlement
        {
            ExternalId = "1111-2222-3333-4444",
            Name = "Acme Prod Entitlement",
            PlanId = "confluent-cloud-payg-prod",
            ProductId = "confluent-cloud-kafka-service-azure",
        };
        return shape switch
        {
            "entitlement details" => new PartnerSignupRequest { Organization = organization, Entitlement = details },
            "entitlement details with every optional field" => new PartnerSignupRequest
            {
                Organization = organization,
                Entitlement = new SignupEntitlement
                {
                    ExternalId = details.ExternalId, Name = details.Name, PlanId = "payg-prod.gcpmarketplace.confluent.cloud",
                    ProductId = "confluent-cloud-for-apache-kafka", UsageReportingId = "5555-6666", ResourceId = "7777-8888",
                    Organization = new ObjectReference
                    {
                        Id = "org-1", Related = "https://api.confluent.cloud/partner/v2/organizations/org-1",
                        ResourceName = "crn://confluent.cloud/organization=org-1",
                    },
                },
            },
            "entitlement reference" => new PartnerSignupRequest
            {
                Organization = organization,
                Entitlement = new SignupEntitlement
                {
                    Id = "ent-1", Related = "https://api.confluent.cloud/partner/v2/entitlements/ent-1",
                    ResourceName = "crn://confluent.cloud/entitlement=ent-1", Environment = "env-1",
                },
            },
            "entitlement details and the first user" => new PartnerSignupRequest
            {
                Organization = organization,
                Entitlement = details,
                User = new SignupUser { Email = "ada@example.com", GivenName = "Ada", FamilyName = "Lovelace" },
            },
            _ => throw new ArgumentOutOfRangeException(nameof(shape), shape, null),
        };
    }

    private static CcCredential Credential(string scheme) =>
        scheme == "Basic" ? ContractClients.ApiKeyCredential() : ContractClients.BearerCredential();
}
