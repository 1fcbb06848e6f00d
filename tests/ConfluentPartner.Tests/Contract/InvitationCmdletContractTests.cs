using System.Management.Automation;
using ConfluentPartner.Tests.Infrastructure;
using Xunit;

namespace ConfluentPartner.Tests.Contract;

/// <summary>New-CcIamInvitation through the hosted engine against Prism serving the published iam/v2 spec.</summary>
[Collection(PrismCollection.Name)]
[Trait("Category", ContractEnvironment.Category)]
public sealed class InvitationCmdletContractTests
{
    private const string Cmd = "ConfluentPartner.Commands.NewCcIamInvitationCommand";
    private const string Invitations = "/iam/v2/invitations";
    private readonly PrismFixture _prism;

    public InvitationCmdletContractTests(PrismFixture prism)
    {
        _prism = prism;
        prism.Iam.Reset();
    }

    [ContractTheory]
    [InlineData("New-CcIamInvitation -Email ada@example.com -BaseUri $BaseUri -Credential $Cred", "Basic", """{"email":"ada@example.com"}""")]
    [InlineData("New-CcIamInvitation ada@example.com Local -BaseUri $BaseUri -AccessToken $Token", "Bearer", """{"email":"ada@example.com","auth_type":"AUTH_TYPE_LOCAL"}""")]
    [InlineData("New-CcIamInvitation -Email ' ada@example.com ' -AuthType AUTH_TYPE_SSO -SkipExisting -BaseUri $BaseUri -Credential $Cred", "Basic", """{"email":"ada@example.com","auth_type":"AUTH_TYPE_SSO"}""")]
    public void Parameters_and_credentials_produce_requests_the_spec_accepts(string script, string scheme, string body)
    {
        var run = ModuleHost.Run(script, Vars());

        Assert.Null(run.Terminating);
        Assert.Empty(run.Errors);
        var invitation = Assert.Single(run.Output);
        Assert.Equal("dlz-f3a90de", invitation.Properties["Id"].Value); // the spec's example, read into the typed object
        var exchange = Assert.Single(_prism.Iam.Exchanges);
        Assert.Equal(("POST", Invitations, scheme, body, 201), (exchange.Method, exchange.PathAndQuery, exchange.AuthorizationScheme, exchange.RequestBody, exchange.Status));
        ContractAssert.RequestsConform(_prism.Iam.Exchanges);
        Assert.DoesNotContain(ContractClients.ApiSecret, run.AllText());
        Assert.DoesNotContain(ContractClients.AccessToken, run.AllText());
    }

    [ContractFact]
    public void Csv_rows_in_every_spelling_produce_requests_the_spec_accepts()
    {
        var rows = new[]
        {
            ModuleHost.CsvRow(("email", " a@example.com "), ("auth_type", "AUTH_TYPE_SSO")),
            ModuleHost.CsvRow(("Email", "b@example.com"), ("AuthType", "sso")),
            ModuleHost.CsvRow(("EmailAddress", "c@example.com"), ("auth_type", "")),
            ModuleHost.CsvRow(("UserPrincipalName", "d@example.com")),
        };

        var run = ModuleHost.Run("$Rows | New-CcIamInvitation -ThrottleLimit 2 -BaseUri $BaseUri -Credential $Cred", Vars(("Rows", rows)));

        Assert.Null(run.Terminating);
        Assert.Empty(run.Errors);
        Assert.Equal(4, run.Output.Count);
        Assert.Equal(4, _prism.Iam.Exchanges.Count(e => e.Method == "POST" && e.Status == 201));
        ContractAssert.RequestsConform(_prism.Iam.Exchanges);
    }

    [ContractFact]
    public void SkipExisting_reports_the_invitation_the_409_points_at_and_its_lookup_conforms()
    {
        _prism.Iam.Prefer("POST", Invitations, "code=409");

        var run = ModuleHost.Run("New-CcIamInvitation -Email johndoe@confluent.io -SkipExisting -BaseUri $BaseUri -Credential $Cred", Vars());

        Assert.Empty(run.Errors);
        Assert.True((bool)Assert.Single(run.Output).Properties["AlreadyExisted"].Value);
        Assert.Equal(new[] { ("POST", 409), ("GET", 200) }, _prism.Iam.Exchanges.Select(e => (e.Method, e.Status)));
        ContractAssert.RequestsConform(_prism.Iam.Exchanges);
    }

    /// <summary>The spec's error examples, through the one mapper (ErrorRecordFactory) to what the user sees.</summary>
    [ContractTheory]
    [InlineData(400, "invalid_filter", ErrorCategory.InvalidArgument, "The 'delorean' resource can't be filtered by 'num_doors'")]
    [InlineData(402, "quota_exceeded", ErrorCategory.QuotaExceeded, "The request would exceed the quota: kafka_clusters_per_environment")]
    [InlineData(409, "resource_already_exists", ErrorCategory.ResourceExists, "The entitlement '91e3e86f-fca6-4f14-98f5-a48e64113ce2' already exists.")]
    [InlineData(422, "invalid_configuration", ErrorCategory.InvalidData, "/cluster/storage_size: The property '/cluster/storage_size' of type string did not match the following type: integer")]
    public void Error_answers_from_the_spec_become_row_errors(int status, string code, ErrorCategory category, string detail)
    {
        _prism.Iam.Prefer("POST", Invitations, $"code={status}");
        var row = ModuleHost.CsvRow(("email", "ada@example.com"));

        var run = ModuleHost.Run("$Row | New-CcIamInvitation -BaseUri $BaseUri -Credential $Cred", Vars(("Row", row)));

        Assert.Null(run.Terminating);
        Assert.Empty(run.Output);
        var error = Assert.Single(run.Errors);
        Assert.Equal($"{code},{Cmd}", error.FullyQualifiedErrorId);
        Assert.Equal(category, error.CategoryInfo.Category);
        Assert.Same(row, error.TargetObject);
        Assert.Contains(detail, error.ErrorDetails.Message);
        Assert.Contains($"HTTP {status}, request id string", error.ErrorDetails.Message);
        ContractAssert.RequestsConform(_prism.Iam.Exchanges);
    }

    [ContractFact]
    public void A_403_from_the_spec_stops_the_pipeline_as_permission_denied()
    {
        _prism.Iam.Prefer("POST", Invitations, "code=403");

        var run = ModuleHost.Run("New-CcIamInvitation -Email ada@example.com -BaseUri $BaseUri -Credential $Cred", Vars());

        Assert.NotNull(run.Terminating);
        var error = run.Terminating!.ErrorRecord;
        Assert.Equal($"user_unauthorized,{Cmd}", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.PermissionDenied, error.CategoryInfo.Category);
        Assert.Contains("'plutonium' role", error.ErrorDetails.Message);
    }

    [ContractFact]
    public void A_429_with_an_empty_body_is_waited_out_and_the_resent_request_conforms()
    {
        _prism.Iam.Prefer("POST", Invitations, "code=429", times: 1);

        var run = ModuleHost.Run("New-CcIamInvitation -Email ada@example.com -BaseUri $BaseUri -Credential $Cred", Vars());

        Assert.Empty(run.Errors);
        Assert.Single(run.Output);
        Assert.Equal(new[] { 429, 201 }, _prism.Iam.Exchanges.Select(e => e.Status));
        Assert.Equal("", _prism.Iam.Exchanges[0].ResponseBody);
        ContractAssert.RequestsConform(_prism.Iam.Exchanges);
    }

    [ContractFact]
    public void After_a_500_the_invitation_is_looked_up_not_sent_again()
    {
        _prism.Iam.Prefer("POST", Invitations, "code=500");

        var run = ModuleHost.Run("New-CcIamInvitation -Email johndoe@confluent.io -BaseUri $BaseUri -Credential $Cred", Vars());

        Assert.Empty(run.Errors);
        Assert.Equal("dlz-f3a90de", Assert.Single(run.Output).Properties["Id"].Value);
        Assert.Equal(new[] { ("POST", 500), ("GET", 200) }, _prism.Iam.Exchanges.Select(e => (e.Method, e.Status)));
        ContractAssert.RequestsConform(_prism.Iam.Exchanges);
    }

    private Dictionary<string, object?> Vars(params (string Name, object? Value)[] more)
    {
        var vars = new Dictionary<string, object?>
        {
            ["BaseUri"] = _prism.Iam.BaseUri.ToString(),
            ["Cred"] = ModuleHost.Credential(ContractClients.ApiKey, ContractClients.ApiSecret),
            ["Token"] = ModuleHost.Secure(ContractClients.AccessToken),
        };
        foreach (var (name, value) in more) vars[name] = value;
        return vars;
    }
}
