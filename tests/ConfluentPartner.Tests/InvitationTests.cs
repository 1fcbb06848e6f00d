using System.Management.Automation;
using ConfluentCloud.Simulator;
using ConfluentPartner.Tests.Infrastructure;
using Xunit;

namespace ConfluentPartner.Tests;

/// <summary>New-CcIamInvitation through the real engine against the simulator, as a user drives it.</summary>
public class InvitationTests
{
    private const string Cmd = "ConfluentPartner.Commands.NewCcIamInvitationCommand";

    [Fact]
    public async Task Csv_rows_with_snake_case_and_PascalCase_headers_become_typed_invitations()
    {
        await using var sim = await CloudSimulator.StartAsync();
        var rows = new[]
        {
            ModuleHost.CsvRow(("email", " alice@example.com "), ("auth_type", "AUTH_TYPE_SSO")),
            ModuleHost.CsvRow(("Email", "bob@example.com"), ("AuthType", "Local")),
            ModuleHost.CsvRow(("EmailAddress", "carol@example.com"), ("auth_type", "")),
        };
        var run = ModuleHost.Run("$Rows | New-CcIamInvitation -BaseUri $BaseUri -Credential $Cred", sim.Vars(("Rows", rows)));

        Assert.Null(run.Terminating);
        Assert.Empty(run.Errors);
        Assert.Equal(3, run.Output.Count);
        Assert.All(run.Output, o => Assert.Equal("ConfluentPartner.IamInvitation", o.TypeNames[0]));
        Assert.Equal(new[] { "alice@example.com", "bob@example.com", "carol@example.com" }, run.Output.Select(o => (string)o.Properties["Email"].Value));
        Assert.Equal(new[] { "AUTH_TYPE_SSO", "AUTH_TYPE_LOCAL", "AUTH_TYPE_LOCAL" }, run.Output.Select(o => (string)o.Properties["AuthType"].Value));
        var first = run.Output[0];
        Assert.StartsWith("i-", (string)first.Properties["Id"].Value);
        Assert.Equal("INVITE_STATUS_SENT", first.Properties["Status"].Value);
        Assert.NotNull(first.Properties["ExpiresAt"].Value);
        Assert.NotNull(first.Properties["CreatedAt"].Value);
        Assert.False(string.IsNullOrEmpty((string)first.Properties["RequestId"].Value));
        Assert.StartsWith("crn://", (string)first.Properties["ResourceName"].Value);
        Assert.False((bool)first.Properties["AlreadyExisted"].Value);

        // What went over the wire is the contract's body: trimmed email, full auth type, no auth_type when the cell was empty.
        var bodies = sim.Requests.Where(r => r.Method == "POST").Select(r => r.Body).ToList();
        Assert.Contains("{\"email\":\"alice@example.com\",\"auth_type\":\"AUTH_TYPE_SSO\"}", bodies);
        Assert.Contains("{\"email\":\"carol@example.com\"}", bodies);
        Assert.Equal(3, sim.Invitations.Count);
    }

    [Fact]
    public async Task A_bad_row_among_good_ones_yields_one_error_naming_the_field_and_the_others_succeed()
    {
        await using var sim = await CloudSimulator.StartAsync();
        var bad = ModuleHost.CsvRow(("email", "not-an-email"), ("auth_type", "Local"));
        var rows = new[] { ModuleHost.CsvRow(("email", "a@example.com")), bad, ModuleHost.CsvRow(("email", "c@example.com")) };
        var run = ModuleHost.Run("$Rows | New-CcIamInvitation -BaseUri $BaseUri -Credential $Cred", sim.Vars(("Rows", rows)));

        Assert.Null(run.Terminating);
        Assert.Equal(2, run.Output.Count);
        var error = Assert.Single(run.Errors);
        Assert.Equal($"invalid_email,{Cmd}", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
        Assert.Same(bad, error.TargetObject);
        Assert.Contains("-Email", error.ErrorDetails.Message);
        Assert.Contains("not-an-email", error.ErrorDetails.Message);
        var apiError = Assert.Single(((ConfluentPartner.Client.Errors.CcApiException)error.Exception).Errors.Cast<object>());
        Assert.Equal("Email", apiError.GetType().GetProperty("ParameterName")!.GetValue(apiError));
        // Nothing was sent for the bad row.
        Assert.Equal(2, sim.ApiRequests("POST", "/iam/v2/invitations"));
    }

    [Fact]
    public async Task A_row_with_two_bad_fields_yields_one_error_per_field_each_naming_its_parameter()
    {
        await using var sim = await CloudSimulator.StartAsync();
        var row = ModuleHost.CsvRow(("email", "two@@example.com"), ("auth_type", "Kerberos"));
        var run = ModuleHost.Run("$Row | New-CcIamInvitation -BaseUri $BaseUri -Credential $Cred", sim.Vars(("Row", row)));

        Assert.Null(run.Terminating);
        Assert.Equal(2, run.Errors.Count);
        Assert.Equal(new[] { $"invalid_email,{Cmd}", $"invalid_value,{Cmd}" }, run.Errors.Select(e => e.FullyQualifiedErrorId));
        Assert.Equal(new[] { "Email", "AuthType" }, run.Errors.Select(ErrorRecords.ParameterOf));
        Assert.StartsWith("-Email: ", run.Errors[0].ErrorDetails.Message);
        Assert.StartsWith("-AuthType: ", run.Errors[1].ErrorDetails.Message);
        Assert.All(run.Errors, e => Assert.Same(row, e.TargetObject));
        Assert.Equal(0, sim.Stats.Requests);
    }

    [Fact]
    public async Task An_unknown_auth_type_is_refused_before_sending_and_names_AuthType()
    {
        await using var sim = await CloudSimulator.StartAsync();
        var run = ModuleHost.Run("New-CcIamInvitation -Email x@example.com -AuthType Kerberos -BaseUri $BaseUri -Credential $Cred", sim.Vars());
        var error = Assert.Single(run.Errors);
        Assert.Equal($"invalid_value,{Cmd}", error.FullyQualifiedErrorId);
        Assert.Contains("-AuthType", error.ErrorDetails.Message);
        Assert.Contains("Kerberos", error.ErrorDetails.Message);
        Assert.Equal(0, sim.Stats.Requests);
    }

    [Fact]
    public async Task An_existing_invitation_is_ResourceExists_and_SkipExisting_reports_it_instead()
    {
        await using var sim = await CloudSimulator.StartAsync();
        var seeded = sim.SeedInvitation("dup@example.com");
        var row = ModuleHost.CsvRow(("email", "dup@example.com"));

        var run = ModuleHost.Run("$Row | New-CcIamInvitation -BaseUri $BaseUri -Credential $Cred", sim.Vars(("Row", row)));
        var error = Assert.Single(run.Errors);
        Assert.Equal($"resource_already_exists,{Cmd}", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.ResourceExists, error.CategoryInfo.Category);
        Assert.Same(row, error.TargetObject);
        Assert.Contains("-SkipExisting", error.ErrorDetails.RecommendedAction);

        var rerun = ModuleHost.Run("$Row | New-CcIamInvitation -BaseUri $BaseUri -Credential $Cred -SkipExisting", sim.Vars(("Row", row)));
        Assert.Empty(rerun.Errors);
        var existing = Assert.Single(rerun.Output);
        Assert.True((bool)existing.Properties["AlreadyExisted"].Value);
        Assert.Equal(seeded.Id, existing.Properties["Id"].Value);
        Assert.Single(sim.Invitations);
    }

    [Fact]
    public async Task A_401_stops_the_pipeline_after_the_first_row()
    {
        await using var sim = await CloudSimulator.StartAsync();
        var rows = Enumerable.Range(0, 20).Select(i => ModuleHost.CsvRow(("email", $"u{i}@example.com"))).ToArray();
        var run = ModuleHost.Run("$Rows | New-CcIamInvitation -BaseUri $BaseUri -Credential $Wrong",
            sim.Vars(("Rows", rows), ("Wrong", ModuleHost.Credential(sim.Options.ApiKey, "wrong-secret"))));

        Assert.NotNull(run.Terminating);
        var record = run.Terminating!.ErrorRecord;
        Assert.Equal($"user_unauthenticated,{Cmd}", record.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.AuthenticationError, record.CategoryInfo.Category);
        Assert.Same(rows[0], record.TargetObject);
        Assert.Empty(run.Output);
        Assert.Equal(1, sim.ApiRequests("POST", "/iam/v2/invitations"));
    }

    [Fact]
    public async Task A_403_stops_the_pipeline_as_PermissionDenied()
    {
        await using var sim = await CloudSimulator.StartAsync();
        var rows = Enumerable.Range(0, 5).Select(i => ModuleHost.CsvRow(("email", $"u{i}@example.com"))).ToArray();
        var run = ModuleHost.Run("$Rows | New-CcIamInvitation -BaseUri $BaseUri -Credential $ReadOnly",
            sim.Vars(("Rows", rows), ("ReadOnly", ModuleHost.Credential(sim.Options.ReadOnlyApiKey, sim.Options.ReadOnlyApiSecret))));
        Assert.NotNull(run.Terminating);
        Assert.Equal(ErrorCategory.PermissionDenied, run.Terminating!.ErrorRecord.CategoryInfo.Category);
        Assert.Equal(1, sim.ApiRequests("POST", "/iam/v2/invitations"));
    }

    [Fact]
    public async Task WhatIf_says_which_emails_would_be_invited_sends_nothing_and_needs_no_credential()
    {
        await using var sim = await CloudSimulator.StartAsync();
        var rows = new[] { ModuleHost.CsvRow(("email", "a@example.com")), ModuleHost.CsvRow(("email", "b@example.com"), ("auth_type", "SSO")) };
        var host = new CapturingHost();
        var run = ModuleHost.Run("$Rows | New-CcIamInvitation -BaseUri $BaseUri -WhatIf", sim.Vars(("Rows", rows)), host: host);
        Assert.Null(run.Terminating);
        Assert.Empty(run.Errors);
        Assert.Empty(run.Output);
        Assert.Equal(0, sim.Stats.Requests);
        Assert.Contains("What if: Performing the operation \"Invite user\" on target \"a@example.com\".", host.Text);
        Assert.Contains("What if: Performing the operation \"Invite user (AUTH_TYPE_SSO)\" on target \"b@example.com\".", host.Text);
    }

    [Fact]
    public async Task Confirm_asks_once_per_row_and_sends_only_the_accepted_ones()
    {
        await using var sim = await CloudSimulator.StartAsync();
        var rows = new[] { ModuleHost.CsvRow(("email", "yes@example.com")), ModuleHost.CsvRow(("email", "no@example.com")) };
        // Choice 0 is "Yes", 2 is "No".
        var host = new CapturingHost(message => message.Contains("yes@example.com") ? 0 : 2);
        var run = ModuleHost.Run("$Rows | New-CcIamInvitation -BaseUri $BaseUri -Credential $Cred -Confirm", sim.Vars(("Rows", rows)), host: host);
        Assert.Equal(2, host.Prompts);
        Assert.Equal("yes@example.com", Assert.Single(run.Output).Properties["Email"].Value);
        Assert.Equal(1, sim.ApiRequests("POST", "/iam/v2/invitations"));
    }

    [Fact]
    public async Task Verbose_shows_each_request_and_no_stream_ever_shows_a_secret()
    {
        await using var sim = await CloudSimulator.StartAsync();
        var rows = new[] { ModuleHost.CsvRow(("email", "a@example.com")), ModuleHost.CsvRow(("email", "broken")) };
        sim.SeedInvitation("dup@example.com");
        var script = """
            $Rows | New-CcIamInvitation -BaseUri $BaseUri -Credential $Cred -Verbose -Debug
            New-CcIamInvitation -Email dup@example.com -BaseUri $BaseUri -AccessToken $Token -Verbose -Debug
            New-CcIamInvitation -Email z@example.com -BaseUri $BaseUri -Credential $Wrong -Verbose -Debug
            """;
        var run = ModuleHost.Run(script, sim.Vars(("Rows", rows), ("Wrong", ModuleHost.Credential(sim.Options.ApiKey, sim.Options.ApiSecret + "x"))));

        var verbose = string.Join("\n", run.Verbose.Select(v => v.Message));
        Assert.Contains($"POST {sim.BaseUri}iam/v2/invitations", verbose);
        Assert.Matches(@"-> 201 Created \(request id [^\s,]+, \d+ ms\)", verbose);
        Assert.Contains("-> 409", verbose);
        Assert.NotEmpty(run.Debug);
        var all = run.AllText();
        foreach (var secret in sim.Secrets()) Assert.DoesNotContain(secret, all);
        Assert.DoesNotContain("Authorization", all);
        // The credential did reach the server, so the absence above is redaction, not silence.
        Assert.Contains(sim.Requests, r => r.Headers.TryGetValue("Authorization", out var h) && h.StartsWith("Basic "));
    }

    [Fact]
    public async Task Errors_from_bodies_that_are_not_json_still_say_the_status()
    {
        await using var sim = await CloudSimulator.StartAsync();
        sim.AddFault(new FaultRule { Kind = FaultKind.HtmlBody, PathPrefix = "/iam/v2/invitations" });
        var run = ModuleHost.Run("New-CcIamInvitation -Email h@example.com -BaseUri $BaseUri -Credential $Cred -MaximumRetryCount 0", sim.Vars());
        var error = Assert.Single(run.Errors);
        Assert.Contains("502", error.ErrorDetails.Message);
        Assert.Contains("HTML", error.ErrorDetails.Message);
        // The POST's 502s ran out of retries and the lookup that would have told failed the same way: the row's outcome
        // is unknown, and the error says what to check (issue 15), instead of a connection error that hides the POST.
        Assert.Equal(ErrorCategory.OperationTimeout, error.CategoryInfo.Category);
        Assert.Contains("check whether it exists", error.ErrorDetails.Message);
    }

    [Fact]
    public async Task Plain_http_to_a_remote_host_is_refused()
    {
        var run = ModuleHost.Run("New-CcIamInvitation -Email a@example.com -BaseUri 'http://api.example.com' -Credential $Cred",
            new Dictionary<string, object?> { ["Cred"] = ModuleHost.Credential("k", "s") });
        Assert.NotNull(run.Terminating);
        Assert.Equal("InsecureBaseUri,ConfluentPartner.Commands.NewCcIamInvitationCommand", run.Terminating!.ErrorRecord.FullyQualifiedErrorId);
        await Task.CompletedTask;
    }
}
