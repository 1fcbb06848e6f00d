using System.Text.Json;
using System.Text.Json.Serialization;
using ConfluentPartner.Client.Errors;
using ConfluentPartner.Client.Models;
using ConfluentPartner.Client.Validation;
using Xunit;

namespace ConfluentPartner.Tests.Contract;

/// <summary>
/// The client's own contract checks against Prism's reading of the same specs, body by body. A body the client
/// accepts but Prism refuses is a bug in ContractValidator (the user would get a server error we could have named).
/// The client may be stricter on purpose; those cases are spelled out here.
/// </summary>
[Collection(PrismCollection.Name)]
[Trait("Category", ContractEnvironment.Category)]
public sealed class ValidatorAgreementTests
{
    private static readonly JsonSerializerOptions Json = new() { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };
    private readonly PrismFixture _prism;

    public ValidatorAgreementTests(PrismFixture prism)
    {
        _prism = prism;
        prism.Iam.Reset();
        prism.Partner.Reset();
    }

    public static TheoryData<string, string, bool, bool> InvitationCases() => new()
    {
        // email, auth_type, client accepts, Prism accepts
        { "ada@example.com", "", true, true },
        { "first.last+tag@sub.example.co.uk", "AUTH_TYPE_SSO", true, true },
        { "not-an-email", "", false, false },
        { "ada@localhost", "", false, false },
        { "two@@example.com", "", false, false },
        { "with space@example.com", "", false, false },
        // auth_type is an x-extensible-enum (any string passes the schema); the client allows only the documented values.
        { "ada@example.com", "AUTH_TYPE_BOGUS", false, true },
    };

    [ContractTheory]
    [MemberData(nameof(InvitationCases))]
    public async Task Invitation_bodies(string email, string authType, bool clientAccepts, bool prismAccepts)
    {
        var request = new CreateInvitationRequest { Email = email, AuthType = authType.Length == 0 ? null : authType };

        await AssertVerdicts(_prism.Iam, "/iam/v2/invitations", request, request.Validate(), clientAccepts, prismAccepts);
    }

    public static TheoryData<string, bool, bool> SignupCases() => new()
    {
        // case, client accepts, Prism accepts
        { "details", true, true },
        { "reference", true, true },
        { "31-character name with spaces", true, true },
        { "32-character name", false, false },
        { "name with a double quote", false, false },
        { "name with <", false, false },
        { "no tenant id", false, false },
        { "reference whose related is not a URI", false, false },
        { "user without names", false, false },
        // The client is stricter on purpose below.
        // plan_id and product_id are x-extensible-enums (any string passes); the client allows only the documented values.
        { "unknown plan id", false, true },
        // partner.v2.Entitlement has a (read-only) id, so details plus an id still match the details branch of the oneOf.
        { "details and reference mixed", false, true },
    };

    [ContractTheory]
    [MemberData(nameof(SignupCases))]
    public async Task Signup_bodies(string shape, bool clientAccepts, bool prismAccepts)
    {
        var request = SignupCase(shape);

        await AssertVerdicts(_prism.Partner, "/partner/v2/signup?dry_run=true", request, request.Validate(), clientAccepts, prismAccepts);
    }

    public static TheoryData<string, bool, bool> ActivationCases() => new()
    {
        { "complete", true, true },
        { "no user", false, false },
        { "user without family name", false, false },
        // v2.User is a bare object in the partner spec: Prism checks only that the three fields are present.
        { "user email not an address", false, true },
    };

    [ContractTheory]
    [MemberData(nameof(ActivationCases))]
    public async Task Activation_bodies(string shape, bool clientAccepts, bool prismAccepts)
    {
        var user = new SignupUser { Email = "ada@example.com", GivenName = "Ada", FamilyName = "Lovelace" };
        var request = new ActivatePartnerSignupRequest { OrganizationId = "b3a17773-05cc-4431-9560-433fb4613da8", User = user };
        switch (shape)
        {
            case "no user": request.User = null; break;
            case "user without family name": user.FamilyName = null; break;
            case "user email not an address": user.Email = "ada"; break;
        }

        await AssertVerdicts(_prism.Partner, "/partner/v2/signup/activate", request, request.Validate(), clientAccepts, prismAccepts);
    }

    private static PartnerSignupRequest SignupCase(string shape)
    {
        var details = ClientContractTests.Signup("entitlement details");
        var reference = ClientContractTests.Signup("entitlement reference");
        switch (shape)
        {
            case "details": return details;
            case "reference": return reference;
            case "31-character name with spaces": details.Organization!.Name = "Acme Holdings & Sons, Europe AG"; return details;
            case "32-character name": details.Organization!.Name = "Acme Holdings & Sons, Europe AGX"; return details;
            case "name with a double quote": details.Organization!.Name = "Acme \"Quoted\""; return details;
            case "name with <": details.Organization!.Name = "Acme <Org>"; return details;
            case "no tenant id": details.Organization!.SsoConfig!.TenantId = null; return details;
            case "reference whose related is not a URI": reference.Entitlement!.Related = "ent-1"; return reference;
            case "details and reference mixed": details.Entitlement!.Id = "ent-1"; return details;
            case "user without names": details.User = new SignupUser { Email = "ada@example.com" }; return details;
            case "unknown plan id": details.Entitlement!.PlanId = "confluent-cloud-enterprise"; return details;
            default: throw new ArgumentOutOfRangeException(nameof(shape), shape, null);
        }
    }

    private static async Task AssertVerdicts<T>(PrismServer server, string pathAndQuery, T request, IReadOnlyList<CcApiError> clientErrors,
        bool clientAccepts, bool prismAccepts)
    {
        var client = ContractClients.For(server, server.Name == "partner/v2" ? ContractClients.BearerCredential() : ContractClients.ApiKeyCredential());
        try
        {
            await client.SendRawAsync(HttpMethod.Post, pathAndQuery, JsonSerializer.Serialize(request, Json), default);
        }
        catch (CcApiException)
        {
            // Prism's verdict is read from the recorder below.
        }

        var exchange = server.Exchanges.Single();
        var prismAccepted = exchange.Status is >= 200 and < 300 && !exchange.RequestViolations.Any();
        Assert.True(clientAccepts == (clientErrors.Count == 0),
            $"Client verdict: expected {(clientAccepts ? "accept" : "refuse")}; its errors: [{string.Join("; ", clientErrors.Select(e => $"{e.Pointer}: {e.Detail}"))}]");
        Assert.True(prismAccepts == prismAccepted, $"Prism verdict: expected {(prismAccepts ? "accept" : "refuse")}: {exchange}");
    }
}
