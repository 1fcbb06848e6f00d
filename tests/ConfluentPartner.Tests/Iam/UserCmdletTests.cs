using System.Management.Automation;
using ConfluentCloud.Simulator;
using ConfluentPartner.Tests.Infrastructure;
using Xunit;

namespace ConfluentPartner.Tests.Iam;

/// <summary>Get-CcIamUser and Remove-CcIamUser through the real engine against the simulator.</summary>
public sealed class UserCmdletTests
{
    private const string RemoveCmd = "ConfluentPartner.Commands.RemoveCcIamUserCommand";
    private const string Auth = "-BaseUri $BaseUri -Credential $Cred";
    private static readonly string Org = CloudSimulator.OrganizationCrn;

    private static string Text(PSObject o, string property) => (string)o.Properties[property].Value;

    [Fact]
    public async Task Lists_every_page_and_gets_by_id_and_by_email_in_any_case()
    {
        await using var sim = await CloudSimulator.StartAsync();
        var seeded = Enumerable.Range(1, 12).Select(n => sim.SeedUser($"user{n:d2}@example.com", $"User {n}")).ToList();
        var run = ModuleHost.Run($$"""
            Get-CcIamUser -PageSize 5 {{Auth}} | ForEach-Object { "list:" + $_.Email }
            Get-CcIamUser {{seeded[2].Id}} {{Auth}} | ForEach-Object { "id:" + $_.FullName }
            $Rows | Get-CcIamUser {{Auth}} | ForEach-Object { "email:" + $_.Id }
            """, sim.Vars(("Rows", new[] { ModuleHost.CsvRow(("email", " USER07@example.com ")), ModuleHost.CsvRow(("email", "nobody@example.com")) })));

        Assert.Null(run.Terminating);
        var listed = run.Output.Select(o => o.ToString()).Where(s => s.StartsWith("list:")).ToList();
        Assert.Equal(seeded.Select(u => "list:" + u.Email), listed.Where(s => s != "list:" + CloudSimulator.AdminEmail));
        Assert.Contains("id:User 3", run.Output.Select(o => o.ToString()));
        Assert.Contains("email:" + seeded[6].Id, run.Output.Select(o => o.ToString()));
        var error = Assert.Single(run.Errors);
        Assert.Equal(ErrorCategory.ObjectNotFound, error.CategoryInfo.Category);
        Assert.Equal("Email", ErrorRecords.ParameterOf(error));
        Assert.Equal(3, sim.Requests.Count(r => r.Path == "/iam/v2/users" && (r.Query.Contains("page_size=5") || r.Query.Contains("page_token"))));
    }

    [Fact]
    public async Task Removing_an_invited_users_email_deletes_the_user_their_bindings_and_withdraws_the_pending_invitation()
    {
        await using var sim = await CloudSimulator.StartAsync();
        var pending = sim.SeedInvitation("pending@example.com");
        sim.SeedRoleBinding("User:" + pending.UserId, "MetricsViewer", Org);
        var member = sim.SeedUser("member@example.com");
        sim.SeedRoleBinding("User:" + member.Id, "EnvironmentAdmin", $"{Org}/environment=env-1");
        var stays = sim.SeedUser("stays@example.com");
        var rows = new[] { ModuleHost.CsvRow(("email", "Pending@example.com")), ModuleHost.CsvRow(("email", "member@example.com")) };

        var run = ModuleHost.Run($"$Rows | Remove-CcIamUser {Auth} -Confirm:$false", sim.Vars(("Rows", rows)));

        Assert.Null(run.Terminating);
        Assert.Empty(run.Errors);
        Assert.All(run.Output, o => Assert.Equal("ConfluentPartner.IamUserRemoval", o.TypeNames[0]));
        Assert.Equal(new[] { (pending.UserId, true, pending.Id, true), (member.Id, true, (string?)null, false) },
            run.Output.Select(o => (Text(o, "UserId"), (bool)o.Properties["UserRemoved"].Value, (string?)o.Properties["InvitationId"].Value, (bool)o.Properties["InvitationRemoved"].Value)));
        Assert.Equal(new[] { CloudSimulator.AdminEmail, stays.Email }, sim.Users.Select(u => u.Email).OrderBy(e => e == CloudSimulator.AdminEmail ? 0 : 1));
        Assert.Empty(sim.Invitations);
        Assert.Empty(sim.RoleBindings);
    }

    [Fact]
    public async Task A_piped_user_is_removed_by_id_and_a_pending_invitation_without_a_listed_user_is_still_withdrawn()
    {
        await using var sim = await CloudSimulator.StartAsync();
        var member = sim.SeedUser("member@example.com");
        var accepted = sim.SeedInvitation("accepted@example.com", status: "INVITE_STATUS_ACCEPTED");
        var run = ModuleHost.Run($$"""
            Get-CcIamUser -Email member@example.com {{Auth}} | Remove-CcIamUser {{Auth}} -Confirm:$false
            Remove-CcIamUser {{accepted.UserId}} {{Auth}} -Confirm:$false
            Remove-CcIamUser -Email nobody@example.com {{Auth}} -Confirm:$false
            """, sim.Vars());

        Assert.Equal(new[] { (member.Id, true, false), (accepted.UserId, true, false) },
            run.Output.Select(o => (Text(o, "UserId"), (bool)o.Properties["UserRemoved"].Value, (bool)o.Properties["InvitationRemoved"].Value)));
        // An accepted invitation is not withdrawn (the user is what counted).
        Assert.Equal(accepted.Id, Assert.Single(sim.Invitations).Id);
        var error = Assert.Single(run.Errors);
        Assert.Equal($"resource_not_found,{RemoveCmd}", error.FullyQualifiedErrorId);
        Assert.Contains("nobody@example.com", error.ErrorDetails.Message);
    }

    [Fact]
    public async Task Remove_asks_first_WhatIf_sends_nothing_and_a_blank_row_names_Email()
    {
        await using var sim = await CloudSimulator.StartAsync();
        sim.SeedUser("member@example.com");
        var host = new CapturingHost(_ => 2); // "No"
        var asked = ModuleHost.Run($"Remove-CcIamUser -Email member@example.com {Auth}", sim.Vars(), host: host);
        Assert.Equal(1, host.Prompts);
        Assert.Empty(asked.Output);

        var whatIfHost = new CapturingHost();
        var whatIf = ModuleHost.Run("Remove-CcIamUser -Email member@example.com -BaseUri $BaseUri -WhatIf", sim.Vars(), host: whatIfHost);
        Assert.Contains("What if: Performing the operation \"Remove user and withdraw a pending invitation\" on target \"member@example.com\".", whatIfHost.Text);
        Assert.Equal(0, sim.Stats.Requests);

        var blank = ModuleHost.Run($"$Row | Remove-CcIamUser {Auth} -Confirm:$false", sim.Vars(("Row", ModuleHost.CsvRow(("email", " ")))));
        Assert.Equal("Email", ErrorRecords.ParameterOf(Assert.Single(blank.Errors)));
        Assert.Equal(2, sim.Users.Count);
    }
}
