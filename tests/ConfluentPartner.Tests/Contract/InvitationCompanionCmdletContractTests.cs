using System.Management.Automation;
using ConfluentPartner.Tests.Infrastructure;
using Xunit;

namespace ConfluentPartner.Tests.Contract;

/// <summary>Get-/Remove-CcIamInvitation and Connect-CcCloud -Validate through the hosted engine against Prism serving the published iam/v2 spec.</summary>
[Collection(PrismCollection.Name)]
[Trait("Category", ContractEnvironment.Category)]
public sealed class InvitationCompanionCmdletContractTests
{
    private const string Connection = "-BaseUri $BaseUri -Credential $Cred";
    private readonly PrismFixture _prism;

    public InvitationCompanionCmdletContractTests(PrismFixture prism)
    {
        _prism = prism;
        prism.Iam.Reset();
    }

    [ContractTheory]
    [InlineData($"Get-CcIamInvitation i-12345 {Connection}", "GET", "/iam/v2/invitations/i-12345", 200)]
    [InlineData("Get-CcIamInvitation -Id i-12345 -BaseUri $BaseUri -AccessToken $Token", "GET", "/iam/v2/invitations/i-12345", 200)]
    [InlineData($"Remove-CcIamInvitation i-12345 {Connection} -Confirm:$false", "DELETE", "/iam/v2/invitations/i-12345", 204)]
    [InlineData($"$Row | Remove-CcIamInvitation {Connection} -Confirm:$false -PassThru", "DELETE", "/iam/v2/invitations/i-67890", 204)]
    public void Id_parameter_sets_produce_requests_the_spec_accepts(string script, string method, string path, int status)
    {
        var run = ModuleHost.Run(script, Vars(("Row", ModuleHost.CsvRow(("invitation_id", " i-67890 ")))));

        Assert.Null(run.Terminating);
        Assert.Empty(run.Errors);
        var exchange = Assert.Single(_prism.Iam.Exchanges);
        Assert.Equal((method, path, status), (exchange.Method, exchange.PathAndQuery, exchange.Status));
        ContractAssert.RequestsConform(_prism.Iam.Exchanges);
    }

    [ContractFact]
    public void Listing_with_every_filter_and_following_pages_produces_requests_the_spec_accepts()
    {
        // Prism's list example always carries the same metadata.next: the second page's link repeats, and the listing
        // stops there with one paging_loop error instead of reading that page forever (issue 15).
        var run = ModuleHost.Run(
            "Get-CcIamInvitation -Email ada@example.com -Status Sent -UserId u-j93dy8 -CreatorId u-m2r9o7 -PageSize 100 " + Connection, Vars());

        var failure = run.Terminating?.ErrorRecord ?? Assert.Single(run.Errors);
        Assert.StartsWith("paging_loop", failure.FullyQualifiedErrorId);
        Assert.Equal(2, run.Output.Count);
        Assert.Equal(2, _prism.Iam.Exchanges.Count);
        var requests = _prism.Iam.Exchanges;
        Assert.StartsWith("/iam/v2/invitations?page_size=100&email=ada%40example.com&status=INVITE_STATUS_SENT&user=u-j93dy8&creator=u-m2r9o7", requests[0].PathAndQuery);
        Assert.All(requests.Skip(1), r => Assert.StartsWith("/iam/v2/invitations?page_token=", r.PathAndQuery));
        ContractAssert.RequestsConform(requests);
    }

    [ContractFact]
    public void A_piped_invitation_is_removed_by_the_id_the_spec_gave_it()
    {
        var run = ModuleHost.Run($"Get-CcIamInvitation i-12345 {Connection} | Remove-CcIamInvitation {Connection} -Confirm:$false", Vars());

        Assert.Empty(run.Errors);
        Assert.Equal(new[] { ("GET", "/iam/v2/invitations/i-12345"), ("DELETE", "/iam/v2/invitations/dlz-f3a90de") },
            _prism.Iam.Exchanges.Select(e => (e.Method, e.PathAndQuery)));
        ContractAssert.RequestsConform(_prism.Iam.Exchanges);
    }

    [ContractTheory]
    [InlineData("Connect-CcCloud $Cred -BaseUri $BaseUri -Validate", "Basic")]
    [InlineData("Connect-CcCloud -ApiKey $Cred.UserName -ApiSecret $Cred.Password -BaseUri $BaseUri -Validate", "Basic")]
    [InlineData("Connect-CcCloud -AccessToken $Token -BaseUri $BaseUri -Validate", "Bearer")]
    public void Connect_Validate_and_the_remembered_credential_produce_requests_the_spec_accepts(string connect, string scheme)
    {
        var run = ModuleHost.Run(connect + "\nGet-CcIamInvitation i-12345", Vars());

        Assert.Null(run.Terminating);
        Assert.Empty(run.Errors);
        Assert.Equal(new[] { "/iam/v2/invitations?page_size=1", "/iam/v2/invitations/i-12345" }, _prism.Iam.Exchanges.Select(e => e.PathAndQuery));
        Assert.All(_prism.Iam.Exchanges, e => Assert.Equal(scheme, e.AuthorizationScheme));
        ContractAssert.RequestsConform(_prism.Iam.Exchanges);
    }

    [ContractFact]
    public void A_404_from_the_spec_becomes_an_ObjectNotFound_error()
    {
        _prism.Iam.Prefer("GET", "/iam/v2/invitations/i-gone", "code=404");

        var run = ModuleHost.Run($"Get-CcIamInvitation i-gone {Connection}", Vars());

        var error = Assert.Single(run.Errors);
        Assert.Equal("resource_not_found,ConfluentPartner.Commands.GetCcIamInvitationCommand", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.ObjectNotFound, error.CategoryInfo.Category);
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
