using ConfluentPartner.Client.Errors;
using ConfluentPartner.Client.Models;
using Xunit;

namespace ConfluentPartner.Tests.Contract;

/// <summary>
/// The error answers the specs publish, asked for with Prism's <c>Prefer: code=...</c> through
/// <c>CcClientOptions.ExtraHeaders</c>, read by the client's one error reader.
/// </summary>
[Collection(PrismCollection.Name)]
[Trait("Category", ContractEnvironment.Category)]
public sealed class ErrorContractTests
{
    // The example error the specs attach to every Failure response.
    private const string SpecErrorId = "ed42afdc-f0d5-4c0d-b428-9fc6ed6e279d";

    private readonly PrismFixture _prism;

    public ErrorContractTests(PrismFixture prism)
    {
        _prism = prism;
        prism.Iam.Reset();
        prism.Partner.Reset();
    }

    [ContractFact]
    public async Task A_409_carries_the_specs_error_and_the_conflicting_resource_and_the_Prefer_header_reaches_the_wire_but_no_log()
    {
        var log = new CapturingClientLog();
        var client = ContractClients.For(_prism.Iam, ContractClients.ApiKeyCredential(), o => o.ExtraHeaders["Prefer"] = "code=409", log);

        var ex = await Assert.ThrowsAsync<CcApiException>(() =>
            client.Invitations.CreateAsync(new CreateInvitationRequest { Email = "ada@example.com" }, skipExisting: false, default));

        Assert.Equal(409, ex.StatusCode);
        Assert.Equal("resource_already_exists", ex.Code);
        var error = Assert.Single(ex.Errors);
        Assert.Equal((SpecErrorId, "Resource Already exists", "The entitlement '91e3e86f-fca6-4f14-98f5-a48e64113ce2' already exists."),
            (error.Id, error.Title, error.Detail));
        Assert.Equal("string", ex.RequestId); // Prism's value for the X-Request-Id header, which has no example
        Assert.StartsWith("https://api.confluent.cloud/", ex.Location);

        var exchange = _prism.Iam.Exchanges.Single();
        Assert.Equal(("code=409", null), (exchange.PreferSentByClient, exchange.PreferInjected));
        ContractAssert.RequestsConform(_prism.Iam.Exchanges);
        Assert.NotEmpty(log.Lines);
        Assert.DoesNotContain("Prefer", log.AllText, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("code=409", log.AllText);
        Assert.DoesNotContain("code=409", ex.ToString());
    }

    [ContractFact]
    public async Task A_404_without_an_error_code_gets_the_default_code_and_the_title_as_detail()
    {
        var client = ContractClients.For(_prism.Iam, ContractClients.BearerCredential(), o => o.ExtraHeaders["Prefer"] = "code=404");

        var ex = await Assert.ThrowsAsync<CcApiException>(() => client.Invitations.GetAsync("i-missing", default));

        Assert.Equal(404, ex.StatusCode);
        Assert.Equal("resource_not_found", ex.Code);
        var error = Assert.Single(ex.Errors);
        Assert.Equal((SpecErrorId, "Not Found"), (error.Id, error.Detail));
        ContractAssert.RequestsConform(_prism.Iam.Exchanges);
    }

    [ContractFact]
    public async Task A_429_with_an_empty_body_is_reported_with_its_Retry_After_when_no_retry_is_left()
    {
        var client = ContractClients.For(_prism.Iam, ContractClients.ApiKeyCredential(), o =>
        {
            o.ExtraHeaders["Prefer"] = "code=429";
            o.MaximumRateLimitRetryCount = 0;
        });

        var ex = await Assert.ThrowsAsync<CcApiException>(() =>
            client.Invitations.CreateAsync(new CreateInvitationRequest { Email = "ada@example.com" }, skipExisting: false, default));

        var exchange = _prism.Iam.Exchanges.Single();
        Assert.Equal((429, ""), (exchange.Status, exchange.ResponseBody));
        Assert.Equal((429, "rate_limit_exceeded", 0), (ex.StatusCode, ex.Code, ex.RetryAfterSeconds));
        Assert.Contains("empty body", Assert.Single(ex.Errors).Detail);
        ContractAssert.RequestsConform(_prism.Iam.Exchanges);
    }

    [ContractTheory]
    [InlineData(400, "invalid_filter", "The 'delorean' resource can't be filtered by 'num_doors'")]
    [InlineData(403, "user_unauthorized", "The user 'mcfly' is not allowed to access the 'delorean' resource without the 'plutonium' role.")]
    [InlineData(409, "resource_already_exists", "The entitlement '91e3e86f-fca6-4f14-98f5-a48e64113ce2' already exists.")]
    public async Task Signup_errors_carry_the_specs_code_and_detail(int status, string code, string detail)
    {
        var client = ContractClients.For(_prism.Partner, ContractClients.BearerCredential(), o => o.ExtraHeaders["Prefer"] = $"code={status}");

        var ex = await Assert.ThrowsAsync<CcApiException>(() => client.Signups.DryRunAsync(ClientContractTests.Signup("entitlement details"), default));

        Assert.Equal((status, code), (ex.StatusCode, ex.Code));
        Assert.Equal((SpecErrorId, detail), (ex.Errors[0].Id, ex.Errors[0].Detail));
        ContractAssert.RequestsConform(_prism.Partner.Exchanges);
    }

    [ContractFact]
    public async Task The_400_examples_query_parameter_source_is_kept()
    {
        var client = ContractClients.For(_prism.Iam, ContractClients.ApiKeyCredential(), o => o.ExtraHeaders["Prefer"] = "code=400");

        var ex = await Assert.ThrowsAsync<CcApiException>(() => client.Invitations.GetAsync("i-1", default));

        Assert.Equal(("invalid_filter", "num_doors"), (ex.Code, ex.Errors[0].QueryParameter));
    }
}
