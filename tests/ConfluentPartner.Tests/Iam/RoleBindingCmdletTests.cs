using System.Management.Automation;
using ConfluentCloud.Simulator;
using ConfluentPartner.Tests.Infrastructure;
using Xunit;

namespace ConfluentPartner.Tests.Iam;

/// <summary>Get-/New-/Remove-CcIamRoleBinding through the real engine against the simulator.</summary>
public sealed class RoleBindingCmdletTests
{
    private const string NewCmd = "ConfluentPartner.Commands.NewCcIamRoleBindingCommand";
    private const string GetCmd = "ConfluentPartner.Commands.GetCcIamRoleBindingCommand";
    private const string Auth = "-BaseUri $BaseUri -Credential $Cred";
    private static readonly string Org = CloudSimulator.OrganizationCrn;

    private static string Text(PSObject o, string property) => (string)o.Properties[property].Value;

    [Fact]
    public async Task Lists_a_scope_every_page_in_order_filtered_by_principal_email_and_role_and_Exact_keeps_only_the_scope_itself()
    {
        await using var sim = await CloudSimulator.StartAsync();
        var ada = sim.SeedInvitation("ada@example.com");
        var bob = sim.SeedUser("bob@example.com", "Bob");
        var seeded = Enumerable.Range(1, 25).Select(n => sim.SeedRoleBinding("User:" + ada.UserId, "DeveloperRead", $"{Org}/environment=env-1/cloud-cluster=lkc-1/kafka=lkc-1/topic=t{n}")).ToList();
        var onEnv = sim.SeedRoleBinding("User:" + ada.UserId, "EnvironmentAdmin", $"{Org}/environment=env-1");
        sim.SeedRoleBinding("User:" + bob.Id, "EnvironmentAdmin", $"{Org}/environment=env-1");
        sim.SeedRoleBinding("User:" + ada.UserId, "EnvironmentAdmin", $"{Org}/environment=env-10");
        sim.SeedInvitation("someone@example.com"); // the organization id is read from an invitation

        var run = ModuleHost.Run($$"""
            Get-CcIamRoleBinding -Environment env-1 -Principal ADA@example.com -PageSize 10 {{Auth}} | ForEach-Object { "all:" + $_.Id }
            Get-CcIamRoleBinding -Environment env-1 -RoleName EnvironmentAdmin {{Auth}} | ForEach-Object { "role:" + $_.Principal }
            Get-CcIamRoleBinding -Environment env-1 -Principal ada@example.com -Exact {{Auth}} | ForEach-Object { "exact:" + $_.Id }
            """, sim.Vars());

        Assert.Null(run.Terminating);
        Assert.Empty(run.Errors);
        Assert.Equal(seeded.Select(b => "all:" + b.Id).Append("all:" + onEnv.Id)
                .Concat(new[] { "role:User:" + ada.UserId, "role:User:" + bob.Id })
                .Append("exact:" + onEnv.Id),
            run.Output.Select(o => o.ToString()));
        var lists = sim.Requests.Where(r => r.Method == "GET" && r.Path == "/iam/v2/role-bindings").ToList();
        // 26 bindings at 10 a page: three requests, the first with every filter, the rest following metadata.next.
        Assert.Contains("crn_pattern=" + Uri.EscapeDataString(Org + "/environment=env-1"), lists[0].Query);
        Assert.Contains("principal=" + Uri.EscapeDataString("User:" + ada.UserId), lists[0].Query);
        Assert.Contains("page_size=10", lists[0].Query);
        Assert.All(lists.Skip(1).Take(2), r => Assert.Contains("page_token=", r.Query));
        Assert.Contains("role_name=EnvironmentAdmin", lists[3].Query);
    }

    [Fact]
    public async Task Creates_from_piped_rows_by_email_user_id_or_principal_on_each_scope_and_SkipExisting_reports_an_existing_one()
    {
        await using var sim = await CloudSimulator.StartAsync();
        var ada = sim.SeedInvitation("ada@example.com");
        var bob = sim.SeedUser("bob@example.com");
        var existing = sim.SeedRoleBinding("User:" + bob.Id, "MetricsViewer", Org);
        var rows = new[]
        {
            ModuleHost.CsvRow(("email", "ADA@example.com"), ("role_name", "EnvironmentAdmin"), ("environment", "env-1"), ("cluster", "")),
            ModuleHost.CsvRow(("user_id", ada.UserId), ("role_name", "CloudClusterAdmin"), ("environment", "env-1"), ("cluster", "lkc-9")),
            ModuleHost.CsvRow(("principal", "Group:g-ops"), ("role_name", "Operator"), ("crn_pattern", $"{Org}/environment=env-2")),
            ModuleHost.CsvRow(("email", "bob@example.com"), ("role_name", "MetricsViewer")),
        };
        var run = ModuleHost.Run($"$Rows | New-CcIamRoleBinding {Auth} -SkipExisting", sim.Vars(("Rows", rows)));

        Assert.Null(run.Terminating);
        Assert.Empty(run.Errors);
        Assert.All(run.Output, o => Assert.Equal("ConfluentPartner.IamRoleBinding", o.TypeNames[0]));
        Assert.Equal(new[]
        {
            ("User:" + ada.UserId, "EnvironmentAdmin", $"{Org}/environment=env-1", false),
            ("User:" + ada.UserId, "CloudClusterAdmin", $"{Org}/environment=env-1/cloud-cluster=lkc-9", false),
            ("Group:g-ops", "Operator", $"{Org}/environment=env-2", false),
            ("User:" + bob.Id, "MetricsViewer", Org, true),
        }, run.Output.Select(o => (Text(o, "Principal"), Text(o, "RoleName"), Text(o, "CrnPattern"), (bool)o.Properties["AlreadyExisted"].Value)));
        Assert.Equal(existing.Id, Text(run.Output[3], "Id"));
        Assert.Equal(4, sim.RoleBindings.Count);
        Assert.Equal(3, sim.Stats.RoleBindingsCreated);
        // The users were listed once for both emails.
        Assert.Equal(1, sim.Requests.Count(r => r.Method == "GET" && r.Path == "/iam/v2/users"));
    }

    [Fact]
    public async Task Without_SkipExisting_a_duplicate_is_ResourceExists_and_an_unknown_email_names_Principal_and_bad_rows_name_their_field()
    {
        await using var sim = await CloudSimulator.StartAsync();
        var ada = sim.SeedInvitation("ada@example.com");
        sim.SeedRoleBinding("User:" + ada.UserId, "MetricsViewer", Org);
        var rows = new[]
        {
            ModuleHost.CsvRow(("principal", "User:" + ada.UserId), ("role_name", "MetricsViewer")),
            ModuleHost.CsvRow(("principal", "nobody@example.com"), ("role_name", "MetricsViewer")),
            ModuleHost.CsvRow(("principal", ada.UserId), ("role_name", "")),
            ModuleHost.CsvRow(("principal", ada.UserId), ("role_name", "Operator"), ("cluster", "lkc-1")),
            ModuleHost.CsvRow(("principal", ada.UserId), ("role_name", "Operator"), ("crn_pattern", "crn://confluent.cloud/organization=other")),
        };
        var run = ModuleHost.Run($"$Rows | New-CcIamRoleBinding {Auth}", sim.Vars(("Rows", rows)));

        Assert.Null(run.Terminating);
        Assert.Empty(run.Output);
        Assert.Equal(new[] { ErrorCategory.ResourceExists, ErrorCategory.ObjectNotFound, ErrorCategory.InvalidArgument, ErrorCategory.InvalidArgument, ErrorCategory.InvalidArgument },
            run.Errors.Select(e => e.CategoryInfo.Category));
        Assert.Equal(rows, run.Errors.Select(e => e.TargetObject));
        Assert.Equal(new string?[] { null, "Principal", "RoleName", "Environment", "CrnPattern" }, run.Errors.Select(ErrorRecords.ParameterOf));
        Assert.Equal($"resource_already_exists,{NewCmd}", run.Errors[0].FullyQualifiedErrorId);
        Assert.Single(sim.RoleBindings);
    }

    [Fact]
    public async Task WhatIf_says_which_role_on_which_scope_for_whom_and_sends_nothing()
    {
        await using var sim = await CloudSimulator.StartAsync();
        var host = new CapturingHost();
        var run = ModuleHost.Run("New-CcIamRoleBinding ada@example.com CloudClusterAdmin -Environment env-1 -Cluster lkc-2 -BaseUri $BaseUri -WhatIf", sim.Vars(), host: host);

        Assert.Null(run.Terminating);
        Assert.Empty(run.Errors);
        Assert.Equal(0, sim.Stats.Requests);
        Assert.Contains("What if: Performing the operation \"Grant role CloudClusterAdmin on cluster lkc-2 in environment env-1\" on target \"ada@example.com\".", host.Text);
    }

    [Fact]
    public async Task Removes_piped_bindings_with_PassThru_and_a_missing_id_is_ObjectNotFound()
    {
        await using var sim = await CloudSimulator.StartAsync();
        var ada = sim.SeedInvitation("ada@example.com");
        var keep = sim.SeedRoleBinding("User:" + ada.UserId, "MetricsViewer", Org);
        sim.SeedRoleBinding("User:" + ada.UserId, "EnvironmentAdmin", $"{Org}/environment=env-1");
        sim.SeedRoleBinding("User:" + ada.UserId, "CloudClusterAdmin", $"{Org}/environment=env-1/cloud-cluster=lkc-1");
        var run = ModuleHost.Run($$"""
            Get-CcIamRoleBinding -Environment env-1 {{Auth}} | Remove-CcIamRoleBinding {{Auth}} -Confirm:$false -PassThru | ForEach-Object { $_.RoleName + ':' + [bool]$_.RequestId }
            Remove-CcIamRoleBinding rb-gone {{Auth}} -Confirm:$false
            """, sim.Vars());

        Assert.Equal(new[] { "EnvironmentAdmin:True", "CloudClusterAdmin:True" }, run.Output.Select(o => o.ToString()));
        var error = Assert.Single(run.Errors);
        Assert.Equal(ErrorCategory.ObjectNotFound, error.CategoryInfo.Category);
        Assert.Equal(keep.Id, Assert.Single(sim.RoleBindings).Id);
        Assert.Equal(2, sim.Stats.RoleBindingsDeleted);
    }

    [Fact]
    public async Task Gets_by_id_and_a_bearer_token_is_refused_by_the_role_binding_api_and_stops_the_pipeline()
    {
        await using var sim = await CloudSimulator.StartAsync();
        var b = sim.SeedRoleBinding("User:u-x", "MetricsViewer", Org);
        var byId = ModuleHost.Run($"Get-CcIamRoleBinding {b.Id} {Auth}", sim.Vars());
        Assert.Equal(("User:u-x", "MetricsViewer", Org), (Text(byId.Output.Single(), "Principal"), Text(byId.Output[0], "RoleName"), Text(byId.Output[0], "CrnPattern")));

        var bearer = ModuleHost.Run($"Get-CcIamRoleBinding -CrnPattern '{Org}' -BaseUri $BaseUri -AccessToken $Token", sim.Vars());
        Assert.Equal(ErrorCategory.AuthenticationError, bearer.Terminating?.ErrorRecord.CategoryInfo.Category);
        Assert.DoesNotContain(sim.Options.StaticBearerToken, bearer.AllText());
    }

    [Fact]
    public async Task Without_any_invitation_the_organization_must_be_given_and_the_error_names_OrganizationId()
    {
        await using var sim = await CloudSimulator.StartAsync();
        var run = ModuleHost.Run($"Get-CcIamRoleBinding -Environment env-1 {Auth}", sim.Vars());
        Assert.Equal("OrganizationId", ErrorRecords.ParameterOf(Assert.Single(run.Errors)));
        Assert.Equal($"organization_unknown,{GetCmd}", run.Errors[0].FullyQualifiedErrorId);

        var given = ModuleHost.Run($"Get-CcIamRoleBinding -OrganizationId {CloudSimulator.OrganizationId} -Environment env-1 {Auth}", sim.Vars());
        Assert.Empty(given.Errors);
        Assert.Contains("crn_pattern=" + Uri.EscapeDataString(Org + "/environment=env-1"), sim.Requests.Last().Query);
    }
}
