using System.Management.Automation;
using System.Management.Automation.Runspaces;
using ConfluentCloud.Simulator;
using ConfluentPartner.Tests.Infrastructure;
using Xunit;

namespace ConfluentPartner.Tests;

/// <summary>
/// Bulk behaviour through the real engine: bounded concurrency, input order, pacing, safe retries under every
/// fault the simulator can inject, re-runs that converge, and Ctrl+C. Counts and orderings only, never timings.
/// </summary>
public class BulkTests
{
    private static PSObject[] Rows(int count, string prefix = "user") =>
        Enumerable.Range(0, count).Select(i => ModuleHost.CsvRow(("email", $"{prefix}{i:D4}@example.com"))).ToArray();

    private static string[] Emails(PsRun run) => run.Output.Select(o => (string)o.Properties["Email"].Value).ToArray();

    public static TheoryData<FaultKind, int> Faults => new()
    {
        { FaultKind.InternalServerError500, 7 },
        { FaultKind.BadGateway502, 5 },
        { FaultKind.ServiceUnavailable503, 5 },
        { FaultKind.GatewayTimeout504, 5 },
        { FaultKind.ResetBeforeProcessing, 6 },
        { FaultKind.ResetAfterCreate, 6 },
        { FaultKind.SlowResponse, 25 },
        { FaultKind.HtmlBody, 5 },
        { FaultKind.TruncatedBody, 6 },
        { FaultKind.TooManyRequests429, 9 },
        { FaultKind.GatewayTimeoutAfterProcessing504, 7 },
        { FaultKind.EmptyObjectBody, 6 },
        { FaultKind.TrickleBody, 9 },
    };

    [Theory]
    [MemberData(nameof(Faults))]
    public async Task Every_row_ends_in_one_outcome_with_no_duplicate_under_fault(FaultKind kind, int everyNth)
    {
        await using var sim = await CloudSimulator.StartAsync();
        sim.AddFault(new FaultRule { Kind = kind, Method = "POST", PathPrefix = "/iam/v2/invitations", EveryNth = everyNth, SlowDelay = TimeSpan.FromSeconds(5) });
        var rows = Rows(200);
        const int maxRetries = 4;
        var run = ModuleHost.Run(
            $"$Rows | New-CcIamInvitation -BaseUri $BaseUri -Credential $Cred -ThrottleLimit 8 -MaximumRetryCount {maxRetries} -RetryIntervalSec 0 -TimeoutSec 1",
            sim.Vars(("Rows", rows)));

        Assert.Null(run.Terminating);
        // Exactly one outcome per row, and here every row succeeds: each fault is survivable.
        Assert.Empty(run.Errors);
        Assert.Equal(rows.Length, run.Output.Count);
        // Output order is input order.
        Assert.Equal(rows.Select(r => (string)r.Properties["email"].Value), Emails(run));
        // What the server holds is exactly what we reported, once each.
        Assert.Equal(rows.Length, sim.Invitations.Count);
        Assert.Equal(rows.Length, sim.Invitations.Select(i => i.Email).Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.Equal(0, sim.Stats.DuplicatesAttempted);
        Assert.True(sim.Stats.FaultsInjected > 0, "the fault was injected");
        // Retries stay within bounds: at most 1 + maxRetries POSTs per row (429s are waited out separately).
        var posts = sim.ApiRequests("POST", "/iam/v2/invitations");
        if (kind != FaultKind.TooManyRequests429) Assert.InRange(posts, rows.Length, rows.Length * (1 + maxRetries));
    }

    [Fact]
    public async Task A_POST_that_may_have_been_processed_is_looked_up_before_it_is_resent()
    {
        await using var sim = await CloudSimulator.StartAsync();
        sim.AddFault(new FaultRule { Kind = FaultKind.ResetAfterCreate, Method = "POST", PathPrefix = "/iam/v2/invitations", MaxTimes = 1 });
        var run = ModuleHost.Run("New-CcIamInvitation -Email once@example.com -BaseUri $BaseUri -Credential $Cred -RetryIntervalSec 0 -Verbose", sim.Vars());

        Assert.Empty(run.Errors);
        Assert.Single(run.Output);
        Assert.Single(sim.Invitations);
        // One POST (whose answer was lost), then a lookup by email, and no second POST.
        Assert.Equal(1, sim.ApiRequests("POST", "/iam/v2/invitations"));
        Assert.Contains(sim.Requests, r => r.Method == "GET" && r.Query.Contains("email=once%40example.com"));
        Assert.Single(run.Warnings);
    }

    [Fact]
    public async Task ThrottleLimit_1_never_has_two_requests_in_flight_and_sends_in_input_order()
    {
        await using var sim = await CloudSimulator.StartAsync(new SimulatorOptions { Latency = TimeSpan.FromMilliseconds(20) });
        var rows = Rows(30);
        var run = ModuleHost.Run("$Rows | New-CcIamInvitation -BaseUri $BaseUri -Credential $Cred -ThrottleLimit 1", sim.Vars(("Rows", rows)));
        Assert.Equal(30, run.Output.Count);
        Assert.Equal(1, sim.Stats.MaxConcurrentRequests);
        var sent = sim.Requests.Where(r => r.Method == "POST").Select(r => System.Text.Json.JsonDocument.Parse(r.Body!).RootElement.GetProperty("email").GetString());
        Assert.Equal(rows.Select(r => (string)r.Properties["email"].Value), sent);
    }

    [Fact]
    public async Task ThrottleLimit_k_overlaps_requests_but_never_more_than_k()
    {
        await using var sim = await CloudSimulator.StartAsync(new SimulatorOptions { Latency = TimeSpan.FromMilliseconds(50) });
        var run = ModuleHost.Run("$Rows | New-CcIamInvitation -BaseUri $BaseUri -Credential $Cred -ThrottleLimit 4", sim.Vars(("Rows", Rows(60))));
        Assert.Equal(60, run.Output.Count);
        Assert.InRange(sim.Stats.MaxConcurrentRequests, 2, 4);
    }

    [Fact]
    public async Task A_429_storm_completes_with_no_failed_row()
    {
        await using var sim = await CloudSimulator.StartAsync(new SimulatorOptions
        {
            RateLimitPerWindow = 25,
            RateLimitWindow = TimeSpan.FromSeconds(1),
            ConcurrencyLimit = 6,
        });
        var rows = Rows(120);
        var run = ModuleHost.Run("$Rows | New-CcIamInvitation -BaseUri $BaseUri -Credential $Cred -ThrottleLimit 16", sim.Vars(("Rows", rows)));

        Assert.Null(run.Terminating);
        Assert.Empty(run.Errors);
        Assert.Equal(rows.Length, run.Output.Count);
        Assert.Equal(rows.Length, sim.Invitations.Count);
        Assert.Equal(rows.Select(r => (string)r.Properties["email"].Value), Emails(run));
    }

    [Fact]
    public async Task Under_a_rate_limit_each_window_is_used_without_a_single_429()
    {
        // The X-RateLimit-* headers say how much of the window is left and when it resets: a client that listens
        // never needs the server to refuse it.
        await using var sim = await CloudSimulator.StartAsync(new SimulatorOptions
        {
            RateLimitPerWindow = 25,
            RateLimitWindow = TimeSpan.FromSeconds(1),
            Latency = TimeSpan.FromMilliseconds(20),
        });
        var rows = Rows(75);
        var run = ModuleHost.Run("$Rows | New-CcIamInvitation -BaseUri $BaseUri -Credential $Cred -ThrottleLimit 8", sim.Vars(("Rows", rows)));

        Assert.Empty(run.Errors);
        Assert.Equal(rows.Select(r => (string)r.Properties["email"].Value), Emails(run));
        Assert.Equal(0, sim.Stats.RateLimited);
        Assert.Equal(rows.Length, sim.Stats.Requests);
    }

    [Fact]
    public async Task A_rerun_with_SkipExisting_yields_every_row_once_and_creates_only_the_missing()
    {
        await using var sim = await CloudSimulator.StartAsync();
        var rows = Rows(80);
        // The first run was interrupted half way (Azure Automation restarts runbooks from the top).
        var firstHalf = ModuleHost.Run("$Rows | New-CcIamInvitation -BaseUri $BaseUri -Credential $Cred", sim.Vars(("Rows", rows.Take(40).ToArray())));
        Assert.Equal(40, firstHalf.Output.Count);

        var rerun = ModuleHost.Run("$Rows | New-CcIamInvitation -BaseUri $BaseUri -Credential $Cred -SkipExisting", sim.Vars(("Rows", rows)));
        Assert.Empty(rerun.Errors);
        Assert.Equal(rows.Select(r => (string)r.Properties["email"].Value), Emails(rerun));
        Assert.Equal(40, rerun.Output.Count(o => (bool)o.Properties["AlreadyExisted"].Value));
        Assert.Equal(80, sim.Invitations.Count);
        Assert.Equal(80, sim.Stats.InvitationsCreated);
    }

    [Fact]
    public async Task Failed_rows_can_be_piped_again_from_their_ErrorRecords()
    {
        await using var sim = await CloudSimulator.StartAsync();
        sim.AddFault(new FaultRule { Kind = FaultKind.ServiceUnavailable503, Method = "POST", PathPrefix = "/iam/v2/invitations", EveryNth = 3 });
        var rows = Rows(30);
        var script = """
            $Rows | New-CcIamInvitation -BaseUri $BaseUri -Credential $Cred -ThrottleLimit 1 -MaximumRetryCount 0 -ErrorVariable failed -ErrorAction SilentlyContinue | Out-Null
            $global:FailedCount = $failed.Count
            $Sim.ClearFaults()
            $failed.TargetObject | New-CcIamInvitation -BaseUri $BaseUri -Credential $Cred
            """;
        var run = ModuleHost.Run(script, sim.Vars(("Rows", rows), ("Sim", sim)));
        Assert.Null(run.Terminating);
        Assert.Equal(30, sim.Invitations.Count);
        Assert.Equal(10, run.Output.Count);
    }

    [Fact]
    public async Task Long_runs_report_progress_and_single_rows_do_not()
    {
        await using var sim = await CloudSimulator.StartAsync(new SimulatorOptions { Latency = TimeSpan.FromMilliseconds(100) });
        var single = ModuleHost.Run("New-CcIamInvitation -Email one@example.com -BaseUri $BaseUri -Credential $Cred", sim.Vars());
        Assert.Empty(single.Progress);

        var run = ModuleHost.Run("$Rows | New-CcIamInvitation -BaseUri $BaseUri -Credential $Cred -ThrottleLimit 2", sim.Vars(("Rows", Rows(60))));
        Assert.Equal(60, run.Output.Count);
        Assert.Contains(run.Progress, p => p.StatusDescription.Contains("succeeded"));
        Assert.Equal(ProgressRecordType.Completed, run.Progress[^1].RecordType);
    }

    [Fact]
    public async Task Stopping_cancels_in_flight_requests_and_writes_nothing_after_the_stop()
    {
        await using var sim = await CloudSimulator.StartAsync(new SimulatorOptions { Latency = TimeSpan.FromMilliseconds(200) });
        var host = new CapturingHost();
        using var runspace = RunspaceFactory.CreateRunspace(host, InitialSessionState.CreateDefault2());
        runspace.Open();
        using var ps = PowerShell.Create();
        ps.Runspace = runspace;
        foreach (var pair in sim.Vars(("Rows", Rows(2000)))) runspace.SessionStateProxy.SetVariable(pair.Key, pair.Value);
        ps.AddScript($"Import-Module '{ModuleHost.ModuleManifest}'; $Rows | New-CcIamInvitation -BaseUri $BaseUri -Credential $Cred -ThrottleLimit 4");

        var output = new PSDataCollection<PSObject>();
        var written = 0;
        var enough = new TaskCompletionSource();
        output.DataAdded += (_, _) => { if (Interlocked.Increment(ref written) >= 8) enough.TrySetResult(); };
        var handle = ps.BeginInvoke<PSObject, PSObject>(null, output);
        await enough.Task.WaitAsync(TimeSpan.FromMinutes(2));

        ps.Stop();
        var writtenAtStop = output.Count;
        try { ps.EndInvoke(handle); } catch (PipelineStoppedException) { }
        var requestsAtStop = sim.Stats.Requests;
        await Task.Delay(600); // longer than the simulator's latency: anything still queued would have arrived

        Assert.Equal(PSInvocationState.Stopped, ps.InvocationStateInfo.State);
        Assert.InRange(sim.Stats.Requests - requestsAtStop, 0, 0);
        Assert.Equal(writtenAtStop, output.Count);
        // Written rows are a prefix of the input, each created on the server; at most the in-flight ones were created unreported.
        var emails = output.Select(o => (string)o.Properties["Email"].Value).ToArray();
        Assert.Equal(Enumerable.Range(0, emails.Length).Select(i => $"user{i:D4}@example.com"), emails);
        // At most -ThrottleLimit rows were started and not written, and each created one is named in a warning (on screen
        // when the streams are already closed).
        Assert.InRange(sim.Invitations.Count - emails.Length, 0, 4);
        var warnings = host.Text + string.Join("\n", ps.Streams.Warning.Select(w => w.Message));
        var named = System.Text.RegularExpressions.Regex.Matches(warnings, @"user\d{4}@example\.com").Select(m => m.Value).ToHashSet();
        Assert.All(sim.Invitations.Select(i => i.Email).Where(e => !emails.Contains(e)), e => Assert.True(named.Contains(e), $"{e} not named in: {warnings}"));
        Assert.True(sim.Invitations.Count < 2000);
    }
}
