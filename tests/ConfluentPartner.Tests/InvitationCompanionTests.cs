using System.Management.Automation;
using ConfluentCloud.Simulator;
using ConfluentPartner.Tests.Infrastructure;
using Xunit;

namespace ConfluentPartner.Tests;

/// <summary>Get-CcIamInvitation and Remove-CcIamInvitation through the real engine against the simulator.</summary>
public class InvitationCompanionTests
{
    private const string GetCmd = "ConfluentPartner.Commands.GetCcIamInvitationCommand";
    private const string RemoveCmd = "ConfluentPartner.Commands.RemoveCcIamInvitationCommand";
    private const string Auth = "-BaseUri $BaseUri -Credential $Cred";
    private const string Sent = "INVITE_STATUS_SENT";
    private const string Accepted = "INVITE_STATUS_ACCEPTED";

    private static List<SimInvitation> Seed(CloudSimulator sim, int count, string prefix = "user", string? status = null) =>
        Enumerable.Range(1, count).Select(n => sim.SeedInvitation($"{prefix}{n:d2}@example.com", status: status)).ToList();

    private static string Text(PSObject o, string property) => (string)o.Properties[property].Value;

    // ---- Get-CcIamInvitation ----

    [Fact]
    public async Task Lists_every_page_25_invitations_with_PageSize_10_take_3_requests_and_come_in_order()
    {
        await using var sim = await CloudSimulator.StartAsync();
        var seeded = Seed(sim, 25);
        var run = ModuleHost.Run($"Get-CcIamInvitation -PageSize 10 {Auth}", sim.Vars());

        Assert.Null(run.Terminating);
        Assert.Empty(run.Errors);
        Assert.All(run.Output, o => Assert.Equal("ConfluentPartner.IamInvitation", o.TypeNames[0]));
        Assert.Equal(seeded.Select(i => i.Id), run.Output.Select(o => Text(o, "Id")));
        Assert.Equal(seeded.Select(i => i.Email), run.Output.Select(o => Text(o, "Email")));
        var pages = sim.Requests.Where(r => r.Method == "GET" && r.Path == "/iam/v2/invitations").ToList();
        Assert.Equal(3, pages.Count);
        Assert.Contains("page_size=10", pages[0].Query);
        Assert.DoesNotContain("page_token", pages[0].Query);
        Assert.All(pages.Skip(1), p => Assert.Contains("page_token=", p.Query));
    }

    [Fact]
    public async Task Each_page_is_written_before_the_next_is_requested()
    {
        await using var sim = await CloudSimulator.StartAsync();
        Seed(sim, 25);
        // Downstream sees how many pages had been requested when each invitation reached it.
        var run = ModuleHost.Run($"Get-CcIamInvitation -PageSize 10 {Auth} | ForEach-Object {{ $Sim.Stats.Requests }}",
            sim.Vars(("Sim", sim)));

        var seen = run.Output.Select(o => Convert.ToInt64(o.BaseObject)).ToList();
        Assert.Equal(Enumerable.Repeat(1L, 10).Concat(Enumerable.Repeat(2L, 10)).Concat(Enumerable.Repeat(3L, 5)), seen);
    }

    [Fact]
    public async Task Invitations_already_written_stay_written_when_a_later_page_fails()
    {
        await using var sim = await CloudSimulator.StartAsync();
        Seed(sim, 15);
        // The second page arrives cut in half: not retried, so the failure is deterministic.
        sim.AddFault(new FaultRule { Kind = FaultKind.TruncatedBody, Method = "GET", PathPrefix = "/iam/v2/invitations", EveryNth = 2 });
        var run = ModuleHost.Run($"Get-CcIamInvitation -PageSize 10 {Auth}", sim.Vars());

        Assert.Equal(10, run.Output.Count);
        var error = Assert.Single(run.Errors);
        Assert.Equal($"invalid_response,{GetCmd}", error.FullyQualifiedErrorId);
    }

    [Fact]
    public async Task Filters_by_email_and_by_status_in_full_or_short_form()
    {
        await using var sim = await CloudSimulator.StartAsync();
        var sent = Seed(sim, 3, "sent");
        var accepted = Seed(sim, 2, "accepted", Accepted);
        var run = ModuleHost.Run($$"""
            Get-CcIamInvitation -Email ' SENT02@example.com ' {{Auth}} | ForEach-Object { "email:" + $_.Id }
            Get-CcIamInvitation -Status {{Accepted}} {{Auth}} | ForEach-Object { "accepted:" + $_.Id }
            Get-CcIamInvitation -Status sent {{Auth}} | ForEach-Object { "sent:" + $_.Id }
            """, sim.Vars());

        Assert.Null(run.Terminating);
        Assert.Equal(
            new[] { "email:" + sent[1].Id }
                .Concat(accepted.Select(i => "accepted:" + i.Id))
                .Concat(sent.Select(i => "sent:" + i.Id)),
            run.Output.Select(o => o.ToString()));
        var queries = sim.Requests.Select(r => r.Query).ToList();
        Assert.Contains("email=SENT02%40example.com", queries[0]);
        Assert.Contains($"status={Accepted}", queries[1]);
        Assert.Contains($"status={Sent}", queries[2]);
    }

    [Fact]
    public void Status_completes_with_the_contracts_values()
    {
        var run = ModuleHost.Run("""
            $line = 'Get-CcIamInvitation -Status INVITE_STATUS_S'
            (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches | ForEach-Object CompletionText
            """);

        Assert.Equal(new[] { "INVITE_STATUS_SENT", "INVITE_STATUS_STAGED" }, run.Output.Select(o => o.ToString()));
    }

    [Fact]
    public async Task An_unknown_status_is_refused_before_sending_and_names_Status()
    {
        await using var sim = await CloudSimulator.StartAsync();
        var run = ModuleHost.Run($"Get-CcIamInvitation -Status Pending {Auth}", sim.Vars());

        var record = run.Terminating?.ErrorRecord;
        Assert.Equal($"invalid_value,{GetCmd}", record?.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.InvalidArgument, record!.CategoryInfo.Category);
        Assert.Contains("-Status", record.ErrorDetails.Message);
        Assert.Contains("INVITE_STATUS_PENDING", record.ErrorDetails.Message);
        Assert.Equal(0, sim.Stats.Requests);
    }

    [Fact]
    public async Task Gets_by_Id_and_by_piped_invitations_and_csv_rows()
    {
        await using var sim = await CloudSimulator.StartAsync();
        var seeded = Seed(sim, 3);
        var rows = new[] { ModuleHost.CsvRow(("id", $" {seeded[2].Id} "), ("email", "ignored@example.com")) };
        var run = ModuleHost.Run($"""
            Get-CcIamInvitation -Id $First {Auth}
            Get-CcIamInvitation -Status {Sent} {Auth} | Get-CcIamInvitation {Auth}
            $Rows | Get-CcIamInvitation {Auth}
            """, sim.Vars(("First", seeded[0].Id), ("Rows", rows)));

        Assert.Null(run.Terminating);
        Assert.Empty(run.Errors);
        Assert.Equal(new[] { seeded[0].Id }.Concat(seeded.Select(i => i.Id)).Append(seeded[2].Id), run.Output.Select(o => Text(o, "Id")));
        Assert.Equal(seeded[0].Email, Text(run.Output[0], "Email"));
        Assert.Equal(5, sim.Requests.Count(r => r.Path.StartsWith("/iam/v2/invitations/", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task An_unknown_Id_is_ObjectNotFound_with_the_row_as_target_and_the_other_rows_go_on()
    {
        await using var sim = await CloudSimulator.StartAsync();
        var seeded = Seed(sim, 2);
        var missing = ModuleHost.CsvRow(("id", "i-nosuch"));
        var rows = new object[] { ModuleHost.CsvRow(("id", seeded[0].Id)), missing, ModuleHost.CsvRow(("id", seeded[1].Id)) };
        var run = ModuleHost.Run($"$Rows | Get-CcIamInvitation {Auth}", sim.Vars(("Rows", rows)));

        Assert.Null(run.Terminating);
        Assert.Equal(seeded.Select(i => i.Id), run.Output.Select(o => Text(o, "Id")));
        var error = Assert.Single(run.Errors);
        Assert.Equal(ErrorCategory.ObjectNotFound, error.CategoryInfo.Category);
        Assert.Equal($"resource_not_found,{GetCmd}", error.FullyQualifiedErrorId);
        Assert.Same(missing, error.TargetObject);
        Assert.Contains("i-nosuch", error.ErrorDetails.Message);
        Assert.Contains("HTTP 404", error.ErrorDetails.Message);
    }

    [Fact]
    public async Task A_refused_credential_stops_the_listing()
    {
        await using var sim = await CloudSimulator.StartAsync();
        Seed(sim, 2);
        var run = ModuleHost.Run("Get-CcIamInvitation -BaseUri $BaseUri -Credential $Wrong",
            sim.Vars(("Wrong", ModuleHost.Credential(sim.Options.ApiKey, "not-the-secret"))));

        Assert.Empty(run.Output);
        Assert.Equal($"user_unauthenticated,{GetCmd}", run.Terminating?.ErrorRecord.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.AuthenticationError, run.Terminating!.ErrorRecord.CategoryInfo.Category);
    }

    // ---- Remove-CcIamInvitation ----

    [Fact]
    public async Task Removes_by_Id_and_writes_nothing()
    {
        await using var sim = await CloudSimulator.StartAsync();
        var seeded = Seed(sim, 4);
        var run = ModuleHost.Run($"""
            Remove-CcIamInvitation -Id $One {Auth} -Confirm:$false
            Remove-CcIamInvitation $Two, $Three {Auth} -Confirm:$false
            """, sim.Vars(("One", seeded[0].Id), ("Two", seeded[1].Id), ("Three", seeded[2].Id)));

        Assert.Null(run.Terminating);
        Assert.Empty(run.Errors);
        Assert.Empty(run.Output);
        Assert.Equal(seeded[3].Id, Assert.Single(sim.Invitations).Id);
    }

    [Fact]
    public async Task Removes_what_Get_pipes_to_it_filtered_by_status()
    {
        await using var sim = await CloudSimulator.StartAsync();
        Seed(sim, 12, "sent");
        var accepted = Seed(sim, 2, "accepted", Accepted);
        var run = ModuleHost.Run($"Get-CcIamInvitation -Status {Sent} -PageSize 5 {Auth} | Remove-CcIamInvitation {Auth} -Confirm:$false", sim.Vars());

        Assert.Null(run.Terminating);
        Assert.Empty(run.Errors);
        Assert.Empty(run.Output);
        Assert.Equal(accepted.Select(i => i.Id), sim.Invitations.Select(i => i.Id));
        Assert.Equal(12, sim.ApiRequests("DELETE", "/iam/v2/invitations/"));
    }

    [Fact]
    public async Task PassThru_writes_each_removed_invitation()
    {
        await using var sim = await CloudSimulator.StartAsync();
        var seeded = Seed(sim, 2);
        var run = ModuleHost.Run($"""
            Get-CcIamInvitation -Id $First {Auth} | Remove-CcIamInvitation {Auth} -Confirm:$false -PassThru
            Remove-CcIamInvitation -Id $Second {Auth} -Confirm:$false -PassThru
            """, sim.Vars(("First", seeded[0].Id), ("Second", seeded[1].Id)));

        Assert.Null(run.Terminating);
        Assert.Equal(seeded.Select(i => i.Id), run.Output.Select(o => Text(o, "Id")));
        Assert.All(run.Output, o => Assert.Equal("ConfluentPartner.IamInvitation", o.TypeNames[0]));
        Assert.Equal(seeded[0].Email, Text(run.Output[0], "Email"));
        Assert.Equal(sim.Requests.Last(r => r.Method == "DELETE").RequestId, Text(run.Output[1], "RequestId"));
        Assert.Empty(sim.Invitations);
    }

    [Fact]
    public async Task WhatIf_removes_nothing_and_needs_no_credential()
    {
        await using var sim = await CloudSimulator.StartAsync();
        var seeded = Seed(sim, 3);
        var run = ModuleHost.Run($"""
            Get-CcIamInvitation {Auth} | Remove-CcIamInvitation -WhatIf
            Remove-CcIamInvitation -Id $Id -BaseUri $BaseUri -WhatIf
            """, sim.Vars(("Id", seeded[0].Id)));

        Assert.Null(run.Terminating);
        Assert.Empty(run.Errors);
        Assert.Equal(3, sim.Invitations.Count);
        Assert.Equal(0, sim.ApiRequests("DELETE", "/iam"));
    }

    [Fact]
    public async Task An_unknown_Id_is_a_non_terminating_ObjectNotFound_with_the_row_as_target_and_the_other_rows_go_on()
    {
        await using var sim = await CloudSimulator.StartAsync();
        var seeded = Seed(sim, 3);
        var missing = ModuleHost.CsvRow(("id", "i-nosuch"), ("email", "gone@example.com"));
        var rows = new object[] { ModuleHost.CsvRow(("id", seeded[0].Id)), missing, ModuleHost.CsvRow(("Id", seeded[1].Id)) };
        var run = ModuleHost.Run($"$Rows | Remove-CcIamInvitation {Auth} -Confirm:$false", sim.Vars(("Rows", rows)));

        Assert.Null(run.Terminating);
        var error = Assert.Single(run.Errors);
        Assert.Equal(ErrorCategory.ObjectNotFound, error.CategoryInfo.Category);
        Assert.Equal($"resource_not_found,{RemoveCmd}", error.FullyQualifiedErrorId);
        Assert.Same(missing, error.TargetObject);
        Assert.Contains("i-nosuch", error.ErrorDetails.Message);
        Assert.Equal(seeded[2].Id, Assert.Single(sim.Invitations).Id);
    }

    [Fact]
    public async Task A_blank_id_cell_is_one_error_naming_Id_and_sends_nothing_for_that_row()
    {
        await using var sim = await CloudSimulator.StartAsync();
        var seeded = Seed(sim, 1);
        var blank = ModuleHost.CsvRow(("id", ""));
        var rows = new object[] { blank, ModuleHost.CsvRow(("id", seeded[0].Id)) };
        var run = ModuleHost.Run($"$Rows | Remove-CcIamInvitation {Auth} -Confirm:$false", sim.Vars(("Rows", rows)));

        var error = Assert.Single(run.Errors);
        Assert.Equal($"required_field_missing,{RemoveCmd}", error.FullyQualifiedErrorId);
        Assert.Contains("-Id", error.ErrorDetails.Message);
        Assert.Same(blank, error.TargetObject);
        Assert.Empty(sim.Invitations);
        Assert.Equal(1, sim.ApiRequests("DELETE", "/iam"));
    }

    [Fact]
    public async Task Remove_is_high_impact_so_it_asks_before_deleting()
    {
        await using var sim = await CloudSimulator.StartAsync();
        var seeded = Seed(sim, 1);
        // The hosted engine has no UI to prompt on: asking shows up as this failure, and nothing is deleted.
        var run = ModuleHost.Run($"Remove-CcIamInvitation -Id $Id {Auth}", sim.Vars(("Id", seeded[0].Id)));

        Assert.Equal($"HostFunctionNotImplemented,{RemoveCmd}", run.Terminating?.ErrorRecord.FullyQualifiedErrorId);
        Assert.Contains("Remove invitation", run.Terminating!.Message);
        Assert.Single(sim.Invitations);
        Assert.Equal(0, sim.ApiRequests("DELETE", "/iam"));
    }
}
