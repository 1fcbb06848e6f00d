using System.Management.Automation;
using ConfluentCloud.Simulator;
using ConfluentPartner.Client.Errors;
using ConfluentPartner.Tests.Infrastructure;
using Xunit;

namespace ConfluentPartner.Tests.Iam;

/// <summary>New-CcIamInvitation -RoleName (invite with access) and Remove-CcIamUser (take it away) through the real engine against the simulator.</summary>
public sealed class InviteWithRolesTests
{
    private const string Cmd = "ConfluentPartner.Commands.NewCcIamInvitationCommand";
    private const string Auth = "-BaseUri $BaseUri -Credential $Cred";
    private static readonly string Org = CloudSimulator.OrganizationCrn;
    /// <summary>One CSV row of the onboarding file and the bindings it should end in (empty for a bad row).</summary>
    private sealed record Row(string Email, string Roles, string Environment, string Cluster, string CrnPattern, string[] ExpectedCrns, string? BadField = null);

    /// <summary>
    /// 50 users: organization, environment, cluster and raw-CRN scopes mixed, one and two roles; row 17's email is not an
    /// email, row 33 names a cluster without its environment.
    /// </summary>
    private static List<Row> Onboarding()
    {
        var rows = new List<Row>();
        for (var n = 1; n <= 50; n++)
        {
            var email = $"user{n:d2}@example.com";
            var env = $"env-{n % 3}";
            var cluster = $"lkc-{n % 5}";
            rows.Add((n % 4) switch
            {
                _ when n == 17 => new Row("user17-at-example.com", "MetricsViewer", "", "", "", [], "Email"),
                _ when n == 33 => new Row(email, "CloudClusterAdmin", "", cluster, "", [], "Environment"),
                0 => new Row(email, "MetricsViewer", "", "", "", [Org]),
                1 => new Row(email, "EnvironmentAdmin;MetricsViewer", env, "", "", [$"{Org}/environment={env}"]),
                2 => new Row(email, "CloudClusterAdmin", env, cluster, "", [$"{Org}/environment={env}/cloud-cluster={cluster}"]),
                _ => new Row(email, "DeveloperRead", "", "", $"{Org}/environment={env}/cloud-cluster={cluster}/kafka={cluster}/topic=orders-{n}",
                    [$"{Org}/environment={env}/cloud-cluster={cluster}/kafka={cluster}/topic=orders-{n}"]),
            });
        }
        return rows;
    }

    /// <summary>The role bindings an invitation output object says were made: (principal, email, role, CRN pattern, already existed).</summary>
    private static List<Binding> Made(PSObject invitation) =>
        ((System.Collections.IEnumerable)invitation.Properties["RoleBindings"].Value).Cast<object>().Select(PSObject.AsPSObject)
            .Select(b => new Binding((string)b.Properties["Principal"].Value, (string?)b.Properties["Email"].Value, (string)b.Properties["RoleName"].Value,
                (string)b.Properties["CrnPattern"].Value, (bool)b.Properties["AlreadyExisted"].Value)).ToList();

    private sealed record Binding(string Principal, string? Email, string RoleName, string CrnPattern, bool AlreadyExisted);

    /// <summary>The rows as Import-Csv gives them (every cell a string, empty cells empty); the hosted engine has no Import-Csv.</summary>
    private static PSObject[] AsCsv(IEnumerable<Row> rows) => rows.Select(r => ModuleHost.CsvRow(("email", r.Email), ("role_name", r.Roles),
        ("environment", r.Environment), ("cluster", r.Cluster), ("crn_pattern", r.CrnPattern))).ToArray();

    private static IEnumerable<(string Principal, string Role, string Crn)> ExpectedBindings(CloudSimulator sim, IEnumerable<Row> rows) =>
        from r in rows
        where r.BadField == null
        let userId = sim.Invitations.Single(i => i.Email == r.Email).UserId
        from role in r.Roles.Split(';')
        from crn in r.ExpectedCrns
        select ("User:" + userId, role, crn);

    [Fact]
    public async Task A_50_user_csv_ends_in_48_invitations_with_their_bindings_a_rerun_creates_nothing_and_Remove_CcIamUser_leaves_none()
    {
        await using var sim = await CloudSimulator.StartAsync();
        var rows = Onboarding();
        var vars = sim.Vars(("Csv", AsCsv(rows)));

        // ---- onboarding
        var run = ModuleHost.Run($"$Csv | New-CcIamInvitation {Auth}", vars);

        Assert.Null(run.Terminating);
        Assert.Equal(48, run.Output.Count);
        Assert.Equal(2, run.Errors.Count);
        Assert.Equal(new[] { "Email", "Environment" }, run.Errors.Select(ErrorRecords.ParameterOf));
        Assert.Equal(new[] { "user17-at-example.com", "user33@example.com" }, run.Errors.Select(e => (string)((PSObject)e.TargetObject).Properties["email"].Value));
        Assert.All(run.Errors, e => Assert.Equal(ErrorCategory.InvalidArgument, e.CategoryInfo.Category));
        Assert.Equal(48, sim.Invitations.Count);
        Assert.Equal(48, sim.Stats.InvitationsCreated);
        var expected = ExpectedBindings(sim, rows).OrderBy(b => b.ToString()).ToList();
        Assert.Equal(expected, sim.RoleBindings.Select(b => (b.Principal, b.RoleName, b.CrnPattern)).OrderBy(b => b.ToString()));
        Assert.Equal(expected.Count, sim.Stats.RoleBindingsCreated);
        // The output says which bindings were made, for the user the invitation created (never the invitation id).
        foreach (var o in run.Output)
        {
            var email = (string)o.Properties["Email"].Value;
            var userId = (string)o.Properties["UserId"].Value;
            var made = Made(o);
            Assert.Equal(expected.Where(b => b.Principal == "User:" + userId).Select(b => (b.Role, b.Crn)).OrderBy(b => b.ToString()),
                made.Select(b => (b.RoleName, b.CrnPattern)).OrderBy(b => b.ToString()));
            Assert.All(made, b => Assert.Equal(("User:" + userId, email, false), (b.Principal, b.Email, b.AlreadyExisted)));
        }

        // ---- re-run: everything is found, nothing is created
        var postsBefore = sim.ApiRequests("POST", "/iam/v2/");
        var rerun = ModuleHost.Run($"$Csv | New-CcIamInvitation {Auth} -SkipExisting", vars);

        Assert.Null(rerun.Terminating);
        Assert.Equal(48, rerun.Output.Count);
        Assert.Equal(new[] { "Email", "Environment" }, rerun.Errors.Select(ErrorRecords.ParameterOf));
        Assert.All(rerun.Output, o => Assert.True((bool)o.Properties["AlreadyExisted"].Value));
        Assert.All(rerun.Output.SelectMany(Made), b => Assert.True(b.AlreadyExisted));
        Assert.Equal(48, sim.Invitations.Count);
        Assert.Equal(expected.Count, sim.RoleBindings.Count);
        // The invitations are POSTed again and answered 409 (then found); no role binding is POSTed at all.
        Assert.Equal(48, sim.ApiRequests("POST", "/iam/v2/") - postsBefore);
        Assert.Equal(expected.Count, sim.ApiRequests("POST", "/iam/v2/role-bindings"));

        // ---- offboarding the same file
        var removal = ModuleHost.Run($"$Csv | Remove-CcIamUser {Auth} -Confirm:$false", vars);

        Assert.Null(removal.Terminating);
        Assert.Equal(48, removal.Output.Count);
        Assert.All(removal.Output, o => Assert.Equal("ConfluentPartner.IamUserRemoval", o.TypeNames[0]));
        Assert.All(removal.Output, o => Assert.True((bool)o.Properties["UserRemoved"].Value && (bool)o.Properties["InvitationRemoved"].Value));
        // The two rows that were never invited are not found (and named by their email).
        Assert.Equal(2, removal.Errors.Count);
        Assert.All(removal.Errors, e => Assert.Equal(ErrorCategory.ObjectNotFound, e.CategoryInfo.Category));
        Assert.All(removal.Errors, e => Assert.Equal("Email", ErrorRecords.ParameterOf(e)));
        var emails = rows.Select(r => r.Email).ToHashSet(StringComparer.OrdinalIgnoreCase);
        Assert.DoesNotContain(sim.Users, u => emails.Contains(u.Email));
        Assert.DoesNotContain(sim.Invitations, i => emails.Contains(i.Email));
        Assert.Empty(sim.RoleBindings);
        Assert.Equal(48, sim.Stats.UsersDeleted);
        Assert.Equal(48, sim.Stats.InvitationsDeleted);
        // The users were listed once for the whole file, not once per row.
        Assert.Equal(1, sim.Requests.Count(r => r.Method == "GET" && r.Path == "/iam/v2/users" && !r.Query.Contains("page_token")));
    }

    [Fact]
    public async Task A_binding_that_fails_after_the_invitation_is_the_rows_one_error_saying_the_invitation_exists_and_a_rerun_grants_only_what_is_missing()
    {
        await using var sim = await CloudSimulator.StartAsync();
        var good = ModuleHost.CsvRow(("email", "ok@example.com"), ("role_name", "MetricsViewer"));
        var partial = ModuleHost.CsvRow(("email", "half@example.com"), ("role_name", "DeveloperRead"),
            ("crn_pattern", "crn://confluent.cloud/organization=someone-else/environment=env-1"));
        var run = ModuleHost.Run($"$Rows | New-CcIamInvitation {Auth}", sim.Vars(("Rows", new[] { good, partial })));

        Assert.Null(run.Terminating);
        Assert.Equal("ok@example.com", Assert.Single(run.Output).Properties["Email"].Value);
        var error = Assert.Single(run.Errors);
        var invitation = sim.Invitations.Single(i => i.Email == "half@example.com");
        Assert.Same(partial, error.TargetObject);
        Assert.Equal($"invalid_value,{Cmd}", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
        Assert.Equal("CrnPattern", ErrorRecords.ParameterOf(error));
        Assert.Contains($"Invitation {invitation.Id} for half@example.com was created", error.ErrorDetails.Message);
        Assert.Contains("binding role DeveloperRead on crn://confluent.cloud/organization=someone-else/environment=env-1 failed", error.ErrorDetails.Message);
        Assert.Contains("-SkipExisting", error.ErrorDetails.RecommendedAction);
        Assert.Single(sim.RoleBindings);

        // Fixed row, re-run: the invitation is found, the missing binding is made, nothing is duplicated.
        var fixedRow = ModuleHost.CsvRow(("email", "half@example.com"), ("role_name", "DeveloperRead;MetricsViewer"), ("environment", "env-1"));
        var rerun = ModuleHost.Run($"$Rows | New-CcIamInvitation {Auth} -SkipExisting", sim.Vars(("Rows", new[] { good, fixedRow })));

        Assert.Empty(rerun.Errors);
        Assert.Equal(2, rerun.Output.Count);
        Assert.Equal(2, sim.Invitations.Count);
        Assert.Equal(new[] { ("User:" + invitation.UserId, "DeveloperRead", $"{Org}/environment=env-1"), ("User:" + invitation.UserId, "MetricsViewer", $"{Org}/environment=env-1") },
            sim.RoleBindings.Where(b => b.Principal == "User:" + invitation.UserId).Select(b => (b.Principal, b.RoleName, b.CrnPattern)));
        Assert.Equal(3, sim.RoleBindings.Count);
    }

    [Fact]
    public async Task An_existing_binding_on_a_narrower_scope_does_not_count_as_the_one_asked_for()
    {
        await using var sim = await CloudSimulator.StartAsync();
        var inv = sim.SeedInvitation("narrow@example.com");
        // The list filter is a partial search: the environment's binding comes back for the organization's scope too.
        sim.SeedRoleBinding("User:" + inv.UserId, "MetricsViewer", $"{Org}/environment=env-9");
        var run = ModuleHost.Run($"New-CcIamInvitation narrow@example.com -RoleName MetricsViewer {Auth} -SkipExisting", sim.Vars());

        Assert.Empty(run.Errors);
        var made = Made(Assert.Single(run.Output)).Single();
        Assert.Equal((Org, false), (made.CrnPattern, made.AlreadyExisted));
        Assert.Equal(2, sim.RoleBindings.Count);
    }

    [Fact]
    public async Task A_binding_whose_connection_broke_after_it_was_made_is_looked_up_not_sent_twice()
    {
        await using var sim = await CloudSimulator.StartAsync();
        sim.AddFault(new FaultRule { Kind = FaultKind.ResetAfterCreate, Method = "POST", Path = "/iam/v2/role-bindings", EveryNth = 1, MaxTimes = 1 });
        var run = ModuleHost.Run($"New-CcIamInvitation slow@example.com -RoleName EnvironmentAdmin -Environment env-2 {Auth} -RetryIntervalSec 0", sim.Vars());

        Assert.True(run.Errors.Count == 0, string.Join("\n", run.Errors.Select(e => e.ErrorDetails?.Message ?? e.ToString())));
        var binding = Assert.Single(sim.RoleBindings);
        Assert.Equal(("EnvironmentAdmin", $"{Org}/environment=env-2"), (binding.RoleName, binding.CrnPattern));
        Assert.Equal(1, sim.ApiRequests("POST", "/iam/v2/role-bindings"));
        var lookup = sim.Requests.Single(r => r.Method == "GET" && r.Path == "/iam/v2/role-bindings");
        Assert.Contains("crn_pattern=" + Uri.EscapeDataString($"{Org}/environment=env-2"), lookup.Query);
        Assert.Contains("principal=" + Uri.EscapeDataString("User:" + binding.Principal[5..]), lookup.Query);
        Assert.Contains("role_name=EnvironmentAdmin", lookup.Query);
        Assert.Contains(run.Warnings, w => w.Message.Contains("Checking whether it exists"));
    }

    [Fact]
    public async Task WhatIf_says_what_would_be_invited_and_granted_and_sends_nothing()
    {
        await using var sim = await CloudSimulator.StartAsync();
        var rows = new[]
        {
            ModuleHost.CsvRow(("email", "a@example.com"), ("role_name", "EnvironmentAdmin;MetricsViewer"), ("environment", "env-1")),
            ModuleHost.CsvRow(("email", "b@example.com"), ("role_name", "CloudClusterAdmin"), ("environment", "env-1"), ("cluster", "lkc-7")),
            ModuleHost.CsvRow(("email", "c@example.com"), ("role_name", "OrganizationAdmin")),
            ModuleHost.CsvRow(("email", "d@example.com")),
        };
        var host = new CapturingHost();
        var run = ModuleHost.Run("$Rows | New-CcIamInvitation -BaseUri $BaseUri -WhatIf", sim.Vars(("Rows", rows)), host: host);

        Assert.Null(run.Terminating);
        Assert.Empty(run.Errors);
        Assert.Empty(run.Output);
        Assert.Equal(0, sim.Stats.Requests);
        Assert.Contains("\"Invite user and grant EnvironmentAdmin, MetricsViewer on environment env-1\" on target \"a@example.com\"", host.Text);
        Assert.Contains("\"Invite user and grant CloudClusterAdmin on cluster lkc-7 in environment env-1\" on target \"b@example.com\"", host.Text);
        Assert.Contains("\"Invite user and grant OrganizationAdmin on the organization\" on target \"c@example.com\"", host.Text);
        Assert.Contains("\"Invite user\" on target \"d@example.com\"", host.Text);
    }

    [Fact]
    public async Task A_scope_without_a_role_or_a_crn_pattern_with_an_environment_is_refused_before_sending_naming_the_field()
    {
        await using var sim = await CloudSimulator.StartAsync();
        var rows = new[]
        {
            ModuleHost.CsvRow(("email", "a@example.com"), ("role_name", ""), ("environment", "env-1")),
            ModuleHost.CsvRow(("email", "b@example.com"), ("role_name", "Operator"), ("environment", "env-1"), ("crn_pattern", $"{Org}/environment=env-1")),
            ModuleHost.CsvRow(("email", "c@example.com"), ("role_name", "Operator"), ("crn_pattern", "organization=x")),
        };
        var run = ModuleHost.Run($"$Rows | New-CcIamInvitation {Auth}", sim.Vars(("Rows", rows)));

        Assert.Equal(new[] { "RoleName", "CrnPattern", "CrnPattern" }, run.Errors.Select(ErrorRecords.ParameterOf));
        Assert.Equal(rows, run.Errors.Select(e => e.TargetObject));
        Assert.Equal(0, sim.Stats.Requests);
    }

    [Fact]
    public async Task Role_names_complete_with_Confluents_documented_roles_and_an_unknown_one_is_still_sent()
    {
        await using var sim = await CloudSimulator.StartAsync();
        var run = ModuleHost.Run($$"""
            $line = 'New-CcIamInvitation a@example.com -RoleName Cloud'
            (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches | ForEach-Object CompletionText
            $line = 'New-CcIamRoleBinding -RoleName Environ'
            (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches | ForEach-Object CompletionText
            New-CcIamInvitation custom@example.com -RoleName ShinyNewRole {{Auth}} | ForEach-Object { $_.RoleBindings.RoleName }
            """, sim.Vars());

        Assert.Empty(run.Errors);
        Assert.Equal(new[] { "CloudClusterAdmin", "EnvironmentAdmin", "ShinyNewRole" }, run.Output.Select(o => o.ToString()));
        Assert.Equal("ShinyNewRole", Assert.Single(sim.RoleBindings).RoleName);
    }

    [Fact]
    public async Task A_bearer_token_cannot_bind_roles_and_stops_the_pipeline_after_saying_the_invitation_exists()
    {
        await using var sim = await CloudSimulator.StartAsync();
        var rows = new[] { ModuleHost.CsvRow(("email", "a@example.com"), ("role_name", "MetricsViewer")), ModuleHost.CsvRow(("email", "b@example.com"), ("role_name", "MetricsViewer")) };
        var run = ModuleHost.Run("$Rows | New-CcIamInvitation -BaseUri $BaseUri -AccessToken $Token -ThrottleLimit 1", sim.Vars(("Rows", rows)));

        var record = run.Terminating?.ErrorRecord;
        Assert.NotNull(record);
        Assert.Equal(ErrorCategory.AuthenticationError, record!.CategoryInfo.Category);
        Assert.Contains($"Invitation {sim.Invitations[0].Id} for a@example.com was created", record.ErrorDetails.Message);
        Assert.Empty(sim.RoleBindings);
        Assert.DoesNotContain(sim.Options.StaticBearerToken, run.AllText());
    }
}
