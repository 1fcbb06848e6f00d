using System.Net.Http.Headers;
using System.Text;
using ConfluentPartner.Client.Errors;
using Xunit;

namespace ConfluentPartner.Tests.Contract;

/// <summary>
/// Deliberately wrong requests, sent past the client's own validation with <c>SendRawAsync</c>: Prism must refuse each,
/// or the "Prism accepts" cases elsewhere prove nothing.
/// </summary>
[Collection(PrismCollection.Name)]
[Trait("Category", ContractEnvironment.Category)]
public sealed class PrismRejectsTests
{
    private const string ValidSignup = """
        {"organization":{"name":"Acme","sso_config":{"kind":"AzureSSOConfig","tenant_id":"t-1"}},
         "entitlement":{"external_id":"1","name":"E","plan_id":"confluent-cloud-payg-prod","product_id":"confluent-cloud-kafka-service-azure"}}
        """;

    private readonly PrismFixture _prism;

    public PrismRejectsTests(PrismFixture prism)
    {
        _prism = prism;
        prism.Iam.Reset();
        prism.Partner.Reset();
    }

    /// <summary>
    /// The trap: with the published pattern Prism accepts any signup body. The fixture's copy fixes the escape; this
    /// proves body validation of /partner/v2/signup is on.
    /// </summary>
    [ContractFact]
    public async Task Signup_body_validation_is_on_a_missing_organization_name_is_refused()
    {
        var body = ValidSignup.Replace("\"name\":\"Acme\",", "");

        await SendRawAsync(_prism.Partner, "/partner/v2/signup", body);

        var exchange = ContractAssert.Rejected(_prism.Partner.Exchanges.Single(), 400, "request.body.organization");
        Assert.Contains(exchange.RequestViolations, v => v.Message.Contains("'name'"));
    }

    [ContractTheory]
    [InlineData("Acme \"Quoted\"")]
    [InlineData("<script>")]
    [InlineData("An organization name of 32 chars")]
    public async Task Signup_organization_names_outside_the_pattern_are_refused(string name)
    {
        await SendRawAsync(_prism.Partner, "/partner/v2/signup", ValidSignup.Replace("\"Acme\"", System.Text.Json.JsonSerializer.Serialize(name)));

        ContractAssert.Rejected(_prism.Partner.Exchanges.Single(), 400, "request.body.organization.name");
    }

    [ContractFact]
    public async Task The_fixtures_copy_of_the_partner_spec_changes_only_the_name_pattern()
    {
        var published = await File.ReadAllLinesAsync(ContractEnvironment.PartnerSpec);
        var copy = await File.ReadAllLinesAsync(_prism.Partner.SpecPath);

        var changed = published.Zip(copy).Where(p => p.First != p.Second).ToList();
        Assert.Equal(published.Length, copy.Length);
        var (before, after) = Assert.Single(changed);
        Assert.Equal(PrismFixture.PublishedNamePattern, before.Trim());
        Assert.Equal(PrismFixture.PrismNamePattern, after.Trim());
    }

    [ContractTheory]
    [InlineData("{}", "request.body")]
    [InlineData("""{"email":"not-an-email"}""", "request.body.email")]
    [InlineData("""{"email":42}""", "request.body.email")]
    public async Task Invitation_bodies_that_break_the_contract_are_refused(string body, string location)
    {
        await SendRawAsync(_prism.Iam, "/iam/v2/invitations", body);

        ContractAssert.Rejected(_prism.Iam.Exchanges.Single(), 422, location);
    }

    [ContractFact]
    public async Task Query_parameters_are_checked_too()
    {
        await SendRawAsync(_prism.Iam, "/iam/v2/invitations?page_size=101", null, HttpMethod.Get);
        await SendRawAsync(_prism.Partner, "/partner/v2/signup?dry_run=yes", ValidSignup);

        ContractAssert.Rejected(_prism.Iam.Exchanges.Single(), 400, "request.query.page_size");
        ContractAssert.Rejected(_prism.Partner.Exchanges.Single(), 400, "request.query.dry_run");
    }

    [ContractFact]
    public async Task An_api_key_is_refused_by_the_partner_api_which_takes_oauth_tokens_only()
    {
        var client = ContractClients.For(_prism.Partner, ContractClients.ApiKeyCredential());

        var ex = await Assert.ThrowsAsync<CcApiException>(() => client.SendRawAsync(HttpMethod.Post, "/partner/v2/signup", ValidSignup, default));

        Assert.Equal(401, ex.StatusCode);
        Assert.Equal("Basic", _prism.Partner.Exchanges.Single().AuthorizationScheme);
        ContractAssert.Rejected(_prism.Partner.Exchanges.Single(), 401, "request");
    }

    [ContractTheory]
    [InlineData(null)]
    [InlineData("Basic bm8tY29sb24taGVyZQ==")] // base64 of "no-colon-here": not key:secret
    [InlineData("Token abc")]
    public async Task Credentials_of_the_wrong_form_are_refused(string? authorization)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_prism.Iam.BaseUri, "/iam/v2/invitations"))
        {
            Content = new StringContent("""{"email":"ada@example.com"}""", Encoding.UTF8, "application/json"),
        };
        if (authorization != null) request.Headers.Authorization = AuthenticationHeaderValue.Parse(authorization);

        using var response = await http.SendAsync(request);

        ContractAssert.Rejected(_prism.Iam.Exchanges.Single(), 401, "request");
    }

    private static async Task SendRawAsync(PrismServer server, string pathAndQuery, string? json, HttpMethod? method = null)
    {
        var client = ContractClients.For(server, server.Name == "partner/v2" ? ContractClients.BearerCredential() : ContractClients.ApiKeyCredential());
        // The client turns Prism's 4xx into a CcApiException; the verdict itself is read from the recorder.
        await Assert.ThrowsAsync<CcApiException>(() => client.SendRawAsync(method ?? HttpMethod.Post, pathAndQuery, json, default));
    }
}
