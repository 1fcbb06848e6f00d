using System.Management.Automation;
using ConfluentCloud.Simulator;
using ConfluentPartner.Client.Errors;
using ConfluentPartner.Tests.Infrastructure;
using Xunit;
using static ConfluentPartner.Tests.Infrastructure.SignupRows;

namespace ConfluentPartner.Tests;

/// <summary>Test-CcPartnerSignup: the API's dry run, or the contract alone with -Offline; nothing is ever created.</summary>
public class PartnerSignupDryRunTests
{
    private const string Cmd = "ConfluentPartner.Commands.TestCcPartnerSignupCommand";
    private const string Auth = "-BaseUri $BaseUri -ClientCredential $Client";

    [Fact]
    public async Task Each_row_gets_true_or_false_with_the_reasons_as_errors_and_only_dry_runs_are_sent()
    {
        await using var sim = await CloudSimulator.StartAsync();
        sim.SeedEntitlement("ext-taken");
        var invalid = Details("invalid", ("plan_id", "free"), ("email", "nope"));
        var taken = Details("taken");
        var rows = new[] { Details("fine"), invalid, taken };
        var run = ModuleHost.Run($"$Rows | Test-CcPartnerSignup {Auth}", sim.Vars(("Rows", rows)));

        Assert.Null(run.Terminating);
        Assert.Equal(new object[] { true, false, false }, run.Output.Select(o => o.BaseObject));
        // The invalid row never left the machine: one error per broken field, naming it.
        var local = run.Errors.Where(e => ReferenceEquals(e.TargetObject, invalid)).ToList();
        Assert.Equal(new[] { "PlanId", "UserEmail" }, local.Select(e => ErrorRecords.ParameterOf(e)));
        Assert.All(local, e => Assert.Equal(ErrorCategory.InvalidArgument, e.CategoryInfo.Category));
        // The taken row was refused by the server's dry run, with the conflicting entitlement.
        var conflict = Assert.Single(run.Errors, e => ReferenceEquals(e.TargetObject, taken));
        Assert.Equal($"resource_already_exists,{Cmd}", conflict.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.ResourceExists, conflict.CategoryInfo.Category);
        Assert.Contains("Existing resource: " + sim.EntitlementUrl(sim.Entitlements[0].Id), conflict.ErrorDetails.Message);

        var sent = sim.Requests.Where(r => r.Method == "POST").ToList();
        Assert.Equal(2, sent.Count);
        Assert.All(sent, r => Assert.Equal(("/partner/v2/signup", "?dry_run=true"), (r.Path, r.Query)));
        Assert.Empty(sim.Signups);
        Assert.Single(sim.Entitlements);
    }

    [Fact]
    public async Task The_dry_run_body_is_the_same_as_the_real_signups()
    {
        await using var sim = await CloudSimulator.StartAsync();
        var row = Details("same", ("usage_reporting_id", "u-1"));
        ModuleHost.Run($"$Row | Test-CcPartnerSignup {Auth}; $Row | New-CcPartnerSignup {Auth}", sim.Vars(("Row", row)));
        var bodies = sim.Requests.Where(r => r.Method == "POST").Select(r => r.Body).ToList();
        Assert.Equal(2, bodies.Count);
        Assert.Equal(bodies[0], bodies[1]);
        Assert.Single(sim.Signups);
    }

    [Fact]
    public async Task Detailed_returns_a_typed_verdict_per_row_instead_of_booleans_and_errors()
    {
        await using var sim = await CloudSimulator.StartAsync();
        sim.SeedEntitlement("ext-taken");
        var rows = new[] { Details("fine"), Details("invalid", ("organization_name", "Acme #1")), Details("taken") };
        var run = ModuleHost.Run($"$Rows | Test-CcPartnerSignup -Detailed {Auth}", sim.Vars(("Rows", rows)));

        Assert.Null(run.Terminating);
        Assert.Empty(run.Errors);
        Assert.All(run.Output, o => Assert.Equal("ConfluentPartner.PartnerSignupTestResult", o.TypeNames[0]));
        Assert.Equal(new[] { true, false, false }, run.Output.Select(o => o.Prop<bool>("IsValid")));
        Assert.Equal(new[] { "Customer fine", "Acme #1", "Customer taken" }, run.Output.Select(o => o.Prop<string>("OrganizationName")));
        Assert.Equal(new[] { "ext-fine", "ext-invalid", "ext-taken" }, run.Output.Select(o => o.Prop<string>("EntitlementExternalId")));
        // The very rows piped in (PSObject.Equals compares base objects, which every Import-Csv row shares).
        Assert.All(rows.Zip(run.Output), pair => Assert.Same(pair.First, pair.Second.Properties["InputObject"].Value));
        Assert.All(run.Output, o => Assert.False(o.Prop<bool>("Offline")));

        Assert.Empty((System.Collections.ICollection)run.Output[0].Properties["Errors"].Value);
        Assert.False(string.IsNullOrEmpty(run.Output[0].Prop<string>("RequestId")));
        dynamic local = ((System.Collections.IEnumerable)run.Output[1].Properties["Errors"].Value).Cast<object>().Single();
        Assert.Equal("invalid_value", (string)local.Code);
        Assert.Equal("/organization/name", (string)local.Pointer);
        Assert.Equal("OrganizationName", (string)local.Parameter);
        Assert.Contains("#", (string)local.Detail);
        Assert.Null(run.Output[1].Prop<string>("RequestId"));
        dynamic remote = ((System.Collections.IEnumerable)run.Output[2].Properties["Errors"].Value).Cast<object>().Single();
        Assert.Equal("resource_already_exists", (string)remote.Code);
        Assert.Equal(sim.EntitlementUrl(sim.Entitlements[0].Id), (string)remote.Location);
        Assert.Equal(sim.Requests.Last().RequestId, run.Output[2].Prop<string>("RequestId"));
        Assert.Empty(sim.Signups);
    }

    [Fact]
    public async Task Offline_checks_the_contract_without_any_request_or_credential()
    {
        await using var sim = await CloudSimulator.StartAsync();
        var rows = new[] { Details("a"), Details("b", ("product_id", "kafka")), Reference("c", "https://api.confluent.cloud/partner/v2/entitlements/e-1", "crn://confluent.cloud/entitlement=e-1") };
        var run = ModuleHost.Run("$Rows | Test-CcPartnerSignup -Offline -BaseUri $BaseUri; $Rows[0] | Test-CcPartnerSignup -Offline -Detailed", sim.Vars(("Rows", rows)));

        Assert.Null(run.Terminating);
        Assert.Equal(new object[] { true, false, true }, run.Output.Take(3).Select(o => o.BaseObject));
        Assert.Equal("ProductId", ErrorRecords.ParameterOf(Assert.Single(run.Errors)));
        Assert.True(run.Output[3].Prop<bool>("Offline"));
        Assert.True(run.Output[3].Prop<bool>("IsValid"));
        Assert.Equal(0, sim.Stats.Requests);
        Assert.Equal(0, sim.Stats.TokenRequests);
    }

    [Fact]
    public async Task Detailed_results_print_as_a_table_with_the_reasons()
    {
        await Task.CompletedTask;
        var host = new CapturingHost();
        var rows = new[] { Details("ok"), Details("bad", ("plan_id", "free")) };
        ModuleHost.Run("$Rows | Test-CcPartnerSignup -Offline -Detailed | Out-Default", new Dictionary<string, object?> { ["Rows"] = rows }, host: host);
        var lines = host.Text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Matches(@"^IsValid\s+OrganizationName\s+Entitlement\s+Errors$", lines[0]);
        Assert.Contains(lines, l => l.StartsWith("True") && l.Contains("Customer ok") && l.Contains("ext-ok"));
        Assert.Contains(lines, l => l.StartsWith("False") && l.Contains("Customer bad") && l.Contains("-PlanId: 'free' is not a valid value"));
    }

    [Fact]
    public async Task A_server_side_refusal_is_false_with_the_parameter_named()
    {
        await using var sim = await CloudSimulator.StartAsync();
        var seeded = sim.SeedEntitlement("earlier");
        // The id does not match the entitlement in the URL: only the server can tell (400, pointer /entitlement/id).
        var row = Reference("mismatch", sim.EntitlementUrl(seeded.Id), "crn://confluent.cloud/entitlement=" + seeded.Id, ("entitlement_id", "another-id"));
        var run = ModuleHost.Run($"$Row | Test-CcPartnerSignup {Auth}", sim.Vars(("Row", row)));

        Assert.Equal(false, Assert.Single(run.Output).BaseObject);
        var error = Assert.Single(run.Errors);
        Assert.Equal($"invalid_reference,{Cmd}", error.FullyQualifiedErrorId);
        Assert.StartsWith("-EntitlementId: ", error.ErrorDetails.Message);
        Assert.Contains("HTTP 400", error.ErrorDetails.Message);
    }

    [Fact]
    public async Task A_failure_that_says_nothing_about_the_row_is_an_error_not_false()
    {
        await using var sim = await CloudSimulator.StartAsync();
        sim.AddFault(new FaultRule { Kind = FaultKind.InternalServerError500, PathPrefix = "/partner/v2/signup" });
        var run = ModuleHost.Run($"$Row | Test-CcPartnerSignup {Auth}", sim.Vars(("Row", Details("x"))));

        Assert.Empty(run.Output);
        var error = Assert.Single(run.Errors);
        Assert.Equal($"outcome_unknown,{Cmd}", error.FullyQualifiedErrorId);
        Assert.Contains("run the test again", error.ErrorDetails.RecommendedAction);
    }

    [Fact]
    public async Task A_dry_run_creates_nothing_so_a_504_is_simply_retried()
    {
        await using var sim = await CloudSimulator.StartAsync();
        sim.AddFault(new FaultRule { Kind = FaultKind.GatewayTimeout504, PathPrefix = "/partner/v2/signup", MaxTimes = 1 });
        var run = ModuleHost.Run($"$Row | Test-CcPartnerSignup {Auth} -RetryIntervalSec 0", sim.Vars(("Row", Details("gateway"))));
        Assert.Empty(run.Errors);
        Assert.Equal(true, Assert.Single(run.Output).BaseObject);
        Assert.Equal(new[] { 504, 201 }, sim.Requests.Select(r => r.Status));
    }

    [Fact]
    public async Task Test_and_New_take_the_same_parameters_and_aliases()
    {
        await Task.CompletedTask;
        var run = ModuleHost.Run("""
            foreach ($name in 'New-CcPartnerSignup', 'Test-CcPartnerSignup') {
                $parameters = (Get-Command $name).ParameterSets | ForEach-Object { $set = $_.Name; $_.Parameters | ForEach-Object {
                    "$set $($_.Name) mandatory=$($_.IsMandatory) pipeline=$($_.ValueFromPipelineByPropertyName) aliases=$($_.Aliases -join ',')" } }
                [string[]] $shared = $parameters | Where-Object { $_ -notmatch ' (WhatIf|Confirm|Detailed|Offline|SkipExisting) ' }
                [Array]::Sort($shared)
                $shared -join "`n"
            }
            """);
        Assert.Null(run.Terminating);
        Assert.Equal(2, run.Output.Count);
        Assert.Equal(run.Output[0].ToString(), run.Output[1].ToString());
        Assert.Contains("EntitlementDetails PlanId mandatory=True pipeline=True aliases=plan_id", run.Output[0].ToString());
        Assert.Contains("EntitlementReference EntitlementUri mandatory=True pipeline=True aliases=related,", run.Output[0].ToString());
    }
}
