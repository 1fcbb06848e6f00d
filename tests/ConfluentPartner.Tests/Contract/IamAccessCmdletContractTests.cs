using ConfluentPartner.Tests.Infrastructure;
using Xunit;

namespace ConfluentPartner.Tests.Contract;

/// <summary>A Prism serving the published role-binding spec (iam-rolebindings-v2.openapi.yaml) and the router that puts it beside the iam/v2 one.</summary>
public sealed class RoleBindingPrismFixture : IAsyncLifetime
{
    private DirectoryInfo? _work;
    private PrismServer? _roleBindings;
    private IamRouter? _router;

    public static string Spec => Path.Combine(ContractEnvironment.SpecDir, "iam-rolebindings-v2.openapi.yaml");
    public PrismServer RoleBindings => _roleBindings ?? throw new InvalidOperationException("Prism was not started: " + ContractEnvironment.MissingReason);
    public IamRouter Router => _router ?? throw new InvalidOperationException("The router was not started.");

    public async Task InitializeAsync()
    {
        if (ContractEnvironment.MissingReason is { } reason)
        {
            if (ContractEnvironment.IsCi) throw new InvalidOperationException(reason);
            return;
        }
        _work = Directory.CreateTempSubdirectory("confluent-contract-rb-");
        _roleBindings = await PrismServer.StartAsync(ContractEnvironment.PrismPath, Spec, "iam/v2 role bindings", _work.FullName);
        try
        {
            _router = await IamRouter.StartAsync();
        }
        catch
        {
            await _roleBindings.DisposeAsync();
            _roleBindings = null;
            throw;
        }
        _router.RoleBindings = _roleBindings.BaseUri;
    }

    public async Task DisposeAsync()
    {
        if (_router != null) await _router.DisposeAsync();
        if (_roleBindings != null) await _roleBindings.DisposeAsync();
        try { _work?.Delete(recursive: true); } catch (IOException) { }
    }
}

/// <summary>
/// New-CcIamInvitation -RoleName, Get-/New-/Remove-CcIamRoleBinding and Get-/Remove-CcIamUser through the hosted engine
/// against Prism serving the published iam/v2 and role-binding specs: every request they send must conform.
/// </summary>
[Collection(PrismCollection.Name)]
[Trait("Category", ContractEnvironment.Category)]
public sealed class IamAccessCmdletContractTests : IClassFixture<RoleBindingPrismFixture>
{
    private const string Connection = "-BaseUri $BaseUri -Credential $Cred";
    private const string ExampleOrgId = "9bb441c4-edef-46ac-8a41-c49e44a3fd9a";
    private const string ExampleOrg = "crn://confluent.cloud/organization=" + ExampleOrgId;
    private readonly PrismFixture _prism;
    private readonly RoleBindingPrismFixture _rb;

    public IamAccessCmdletContractTests(PrismFixture prism, RoleBindingPrismFixture rb)
    {
        _prism = prism;
        _rb = rb;
        if (ContractEnvironment.MissingReason != null && !ContractEnvironment.IsCi) return;
        prism.Iam.Reset();
        rb.RoleBindings.Reset();
        rb.Router.Iam = prism.Iam.BaseUri;
    }

    private IReadOnlyList<PrismExchange> All => _prism.Iam.Exchanges.Concat(_rb.RoleBindings.Exchanges).ToList();

    [ContractFact]
    public void Inviting_with_roles_on_each_scope_sends_an_invitation_and_bindings_both_specs_accept()
    {
        var rows = new[]
        {
            // Prism's example invitation has no metadata (so no organization in a resource name): the rows name it.
            ModuleHost.CsvRow(("email", "org@example.com"), ("role_name", "OrganizationAdmin;MetricsViewer"), ("organization_id", ExampleOrgId)),
            ModuleHost.CsvRow(("email", "env@example.com"), ("role_name", "EnvironmentAdmin"), ("environment", "env-1"), ("organization_id", ExampleOrgId)),
            ModuleHost.CsvRow(("email", "lkc@example.com"), ("role_name", "CloudClusterAdmin"), ("environment", "env-1"), ("cluster", "lkc-2"), ("organization_id", ExampleOrgId)),
            ModuleHost.CsvRow(("email", "topic@example.com"), ("role_name", "DeveloperRead"), ("crn_pattern", ExampleOrg + "/environment=env-1/cloud-cluster=lkc-2/kafka=lkc-2/topic=orders")),
        };
        var run = ModuleHost.Run($"$Rows | New-CcIamInvitation {Connection} -ThrottleLimit 1", Vars(("Rows", rows)));

        Assert.Null(run.Terminating);
        Assert.True(run.Errors.Count == 0, string.Join("\n", run.Errors.Select(e => e.ErrorDetails?.Message ?? e.ToString())));
        Assert.Equal(4, run.Output.Count);
        Assert.Equal(4, _prism.Iam.Exchanges.Count(e => e.Method == "POST" && e.Path == "/iam/v2/invitations"));
        var bindings = _rb.RoleBindings.Exchanges.Where(e => e.Method == "POST").ToList();
        Assert.Equal(5, bindings.Count);
        // The principal is the invitation's user (the spec's example user id), the scope is built from its resource name.
        Assert.All(bindings, b => Assert.Contains("\"principal\":\"User:", b.RequestBody));
        Assert.Contains(bindings, b => b.RequestBody.Contains($"\"crn_pattern\":\"{ExampleOrg}/environment=env-1/cloud-cluster=lkc-2\""));
        ContractAssert.RequestsConform(All);
    }

    [ContractFact]
    public void Without_an_organization_in_the_invitation_the_rows_error_says_it_exists_and_no_binding_is_sent()
    {
        var run = ModuleHost.Run($"New-CcIamInvitation a@example.com -RoleName MetricsViewer {Connection}", Vars());

        var error = Assert.Single(run.Errors);
        Assert.Contains("Invitation dlz-f3a90de for johndoe@confluent.io was created", error.ErrorDetails.Message);
        Assert.Contains("-OrganizationId", error.ErrorDetails.Message);
        Assert.Empty(_rb.RoleBindings.Exchanges);
        ContractAssert.RequestsConform(All);
    }

    [ContractFact]
    public void Without_OrganizationId_Get_CcIamRoleBinding_reads_an_invitation_with_a_request_the_spec_accepts()
    {
        var run = ModuleHost.Run($"Get-CcIamRoleBinding -Environment env-1 {Connection}", Vars());

        Assert.Equal("OrganizationId", ErrorRecords.ParameterOf(Assert.Single(run.Errors)));
        Assert.Equal("/iam/v2/invitations?page_size=1", Assert.Single(_prism.Iam.Exchanges).PathAndQuery);
        ContractAssert.RequestsConform(All);
    }

    [ContractFact]
    public void A_rerun_with_SkipExisting_looks_the_bindings_up_with_requests_the_spec_accepts()
    {
        _prism.Iam.Prefer("POST", "/iam/v2/invitations", "code=409");
        var run = ModuleHost.Run($"New-CcIamInvitation johndoe@confluent.io -RoleName EnvironmentAdmin -Environment env-1 -OrganizationId {ExampleOrgId} {Connection} -SkipExisting", Vars());

        // 409, then the invitation is found by email (Prism's example is johndoe@confluent.io), and its binding is looked up first.
        Assert.True(run.Errors.Count == 0, string.Join("\n", run.Errors.Select(e => e.ErrorDetails?.Message ?? e.ToString())));
        Assert.True((bool)Assert.Single(run.Output).Properties["AlreadyExisted"].Value);
        Assert.Contains(_prism.Iam.Exchanges, e => e.Method == "GET" && e.PathAndQuery.StartsWith("/iam/v2/invitations?email=", StringComparison.Ordinal));
        Assert.Equal("GET", _rb.RoleBindings.Exchanges[0].Method);
        ContractAssert.RequestsConform(All);
    }

    [ContractFact]
    public void Role_binding_cmdlets_send_requests_the_spec_accepts()
    {
        // Prism's list example always has metadata.next: stop after three bindings.
        var run = ModuleHost.Run($$"""
            do { Get-CcIamRoleBinding -OrganizationId {{ExampleOrgId}} -Environment env-1 -Cluster lkc-2 -Principal User:u-111aaa -RoleName CloudClusterAdmin -PageSize 100 {{Connection}} | ForEach-Object { $_; if (++$n -ge 3) { break } } } while ($false)
            Get-CcIamRoleBinding rb-12345 {{Connection}}
            New-CcIamRoleBinding u-111aaa MetricsViewer -CrnPattern '{{ExampleOrg}}' {{Connection}}
            New-CcIamRoleBinding User:u-111aaa EnvironmentAdmin -OrganizationId 9bb441c4-edef-46ac-8a41-c49e44a3fd9a -Environment env-1 {{Connection}} -SkipExisting
            Remove-CcIamRoleBinding rb-12345 {{Connection}} -Confirm:$false
            """, Vars());

        Assert.True(run.Errors.Count == 0, string.Join("\n", run.Errors.Select(e => e.ErrorDetails?.Message ?? e.ToString())) + "\n" + string.Join("\n", All));
        var rb = _rb.RoleBindings.Exchanges;
        Assert.StartsWith("/iam/v2/role-bindings?crn_pattern=" + Uri.EscapeDataString(ExampleOrg + "/environment=env-1/cloud-cluster=lkc-2") + "&principal=User%3Au-111aaa&role_name=CloudClusterAdmin&page_size=100",
            rb[0].PathAndQuery);
        Assert.Contains(rb, e => e.Method == "DELETE" && e.Status == 200);
        ContractAssert.RequestsConform(All);
    }

    [ContractFact]
    public void User_cmdlets_send_requests_the_spec_accepts()
    {
        var run = ModuleHost.Run($$"""
            do { Get-CcIamUser -PageSize 100 {{Connection}} | ForEach-Object { $_; if (++$n -ge 3) { break } } } while ($false)
            Get-CcIamUser u-12345 {{Connection}}
            Remove-CcIamUser u-12345 {{Connection}} -Confirm:$false
            """, Vars());

        Assert.True(run.Errors.Count == 0, string.Join("\n", run.Errors.Select(e => e.ErrorDetails?.Message ?? e.ToString())));
        Assert.Contains(_prism.Iam.Exchanges, e => e.Method == "DELETE" && e.Path == "/iam/v2/users/u-12345" && e.Status == 204);
        ContractAssert.RequestsConform(All);
    }

    private Dictionary<string, object?> Vars(params (string Name, object? Value)[] more)
    {
        var vars = new Dictionary<string, object?>
        {
            ["BaseUri"] = _rb.Router.BaseUri.ToString(),
            ["Cred"] = ModuleHost.Credential(ContractClients.ApiKey, ContractClients.ApiSecret),
        };
        foreach (var (name, value) in more) vars[name] = value;
        return vars;
    }
}
