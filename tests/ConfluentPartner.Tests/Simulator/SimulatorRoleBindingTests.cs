using ConfluentCloud.Simulator;
using Xunit;

namespace ConfluentPartner.Tests.Simulator;

/// <summary>The simulator's iam/v2 role bindings over HTTP, as iam-rolebindings-v2.openapi.yaml and SOURCES.md describe them.</summary>
public class SimulatorRoleBindingTests
{
    private static readonly string Org = CloudSimulator.OrganizationCrn;
    private static string Env(string env) => $"{Org}/environment={env}";
    private static string Q(string s) => Uri.EscapeDataString(s);

    [Fact]
    public async Task A_binding_is_created_read_listed_and_deleted_and_a_duplicate_is_a_409_pointing_at_it()
    {
        await using var sim = await CloudSimulator.StartAsync();
        var inv = sim.SeedInvitation("dev@example.com");
        using var http = new SimHttp(sim);
        var body = new { principal = "User:" + inv.UserId, role_name = "EnvironmentAdmin", crn_pattern = Env("env-abc123") };

        var created = await http.PostAsync("/iam/v2/role-bindings", body);
        Assert.Equal(201, created.Status);
        var id = created.Json.GetProperty("id").GetString()!;
        Assert.StartsWith("rb-", id);
        Assert.EndsWith($"/iam/v2/role-bindings/{id}", created.Location);
        Assert.Equal("RoleBinding", created.Json.GetProperty("kind").GetString());
        Assert.Equal(Env("env-abc123"), created.Json.GetProperty("crn_pattern").GetString());

        var dup = await http.PostAsync("/iam/v2/role-bindings", body);
        Assert.Equal(409, dup.Status);
        Assert.Equal("resource_already_exists", Assert.Single(dup.Errors()).Code);
        Assert.Equal(created.Location, dup.Location);
        Assert.Equal(1, sim.Stats.RoleBindingsCreated);
        Assert.Single(sim.RoleBindings);

        Assert.Equal(200, (await http.GetAsync($"/iam/v2/role-bindings/{id}")).Status);
        var deleted = await http.DeleteAsync($"/iam/v2/role-bindings/{id}");
        Assert.Equal(200, deleted.Status); // the contract answers 200 with the binding, not 204
        Assert.Equal(id, deleted.Json.GetProperty("id").GetString());
        Assert.Equal(404, (await http.GetAsync($"/iam/v2/role-bindings/{id}")).Status);
        Assert.Equal(404, (await http.DeleteAsync($"/iam/v2/role-bindings/{id}")).Status);
        Assert.Equal(1, sim.Stats.RoleBindingsDeleted);
        Assert.Empty(sim.RoleBindings);
    }

    [Fact]
    public async Task Listing_requires_crn_pattern_and_filters_by_scope_principal_and_role()
    {
        await using var sim = await CloudSimulator.StartAsync();
        sim.SeedRoleBinding("User:u-aaa111", "OrganizationAdmin", Org);
        sim.SeedRoleBinding("User:u-aaa111", "EnvironmentAdmin", Env("env-1"));
        sim.SeedRoleBinding("User:u-bbb222", "EnvironmentAdmin", Env("env-1"));
        sim.SeedRoleBinding("User:u-bbb222", "CloudClusterAdmin", Env("env-1") + "/cloud-cluster=lkc-9");
        sim.SeedRoleBinding("User:u-bbb222", "DeveloperRead", Env("env-2") + "/cloud-cluster=lkc-7/kafka=lkc-7/topic=orders");
        using var http = new SimHttp(sim);

        var missing = await http.GetAsync("/iam/v2/role-bindings?principal=User:u-aaa111");
        Assert.Equal(400, missing.Status);
        Assert.Equal(("invalid_filter", "crn_pattern"), Assert.Single(missing.Errors()));

        async Task<List<string>> Roles(string query)
        {
            var a = await http.GetAsync("/iam/v2/role-bindings?" + query);
            Assert.Equal(200, a.Status);
            Assert.Equal("RoleBindingList", a.Json.GetProperty("kind").GetString());
            return a.Json.GetProperty("data").EnumerateArray().Select(b => b.GetProperty("role_name").GetString()!).ToList();
        }
        // "a partial search of crn_pattern": the scope itself and everything below it
        Assert.Equal(["OrganizationAdmin", "EnvironmentAdmin", "EnvironmentAdmin", "CloudClusterAdmin", "DeveloperRead"], await Roles($"crn_pattern={Q(Org)}"));
        Assert.Equal(["EnvironmentAdmin", "EnvironmentAdmin", "CloudClusterAdmin"], await Roles($"crn_pattern={Q(Env("env-1"))}"));
        Assert.Equal(["EnvironmentAdmin", "CloudClusterAdmin"], await Roles($"crn_pattern={Q(Env("env-1"))}&principal={Q("User:u-bbb222")}"));
        Assert.Empty(await Roles($"crn_pattern={Q(Env("env-1"))}&principal={Q("User:u-bbb222")}&role_name=OrganizationAdmin"));
        Assert.Empty(await Roles($"crn_pattern={Q(Env("env-1") + "0")}")); // env-10 is not below env-1
        Assert.Equal(["CloudClusterAdmin", "DeveloperRead"], await Roles($"crn_pattern={Q(Org + "/environment=*/cloud-cluster=*")}"));
        Assert.Equal(["DeveloperRead"], await Roles($"crn_pattern={Q(Org + "/environment=*/cloud-cluster=*/kafka=*/topic=ord*")}"));
    }

    [Fact]
    public async Task Listing_pages_with_next_links_that_keep_the_filters()
    {
        await using var sim = await CloudSimulator.StartAsync();
        for (int i = 0; i < 12; i++) sim.SeedRoleBinding($"User:u-{i:D6}", "MetricsViewer", Org);
        sim.SeedRoleBinding("User:u-other1", "OrganizationAdmin", Org);
        using var http = new SimHttp(sim);
        var seen = new List<string>();
        string? next = $"/iam/v2/role-bindings?crn_pattern={Q(Org)}&role_name=MetricsViewer&page_size=5";
        while (next is not null)
        {
            var a = await http.GetAsync(next);
            Assert.Equal(200, a.Status);
            Assert.Equal(12, a.Json.GetProperty("metadata").GetProperty("total_size").GetInt32());
            seen.AddRange(a.Json.GetProperty("data").EnumerateArray().Select(b => b.GetProperty("principal").GetString()!));
            next = a.Json.GetProperty("metadata").TryGetProperty("next", out var n) ? n.GetString() : null;
            if (next is not null) Assert.Contains("role_name=MetricsViewer", next);
        }
        Assert.Equal(Enumerable.Range(0, 12).Select(i => $"User:u-{i:D6}"), seen);
    }

    public static TheoryData<string, string, string> BadBodies => new()
    {
        { """{"role_name":"MetricsViewer","crn_pattern":"crn://confluent.cloud/organization=5f1b3c2a-0d4e-4b6f-9a7c-8e2d1f0a3b4c"}""", "missing_required_field", "/principal" },
        { """{"principal":"u-abc123","role_name":"MetricsViewer","crn_pattern":"crn://confluent.cloud/organization=5f1b3c2a-0d4e-4b6f-9a7c-8e2d1f0a3b4c"}""", "invalid_value", "/principal" },
        { """{"principal":"User:u-abc123","crn_pattern":"crn://confluent.cloud/organization=5f1b3c2a-0d4e-4b6f-9a7c-8e2d1f0a3b4c"}""", "missing_required_field", "/role_name" },
        { """{"principal":"User:u-abc123","role_name":"MetricsViewer"}""", "missing_required_field", "/crn_pattern" },
        { """{"principal":"User:u-abc123","role_name":"MetricsViewer","crn_pattern":"organization=5f1b3c2a-0d4e-4b6f-9a7c-8e2d1f0a3b4c"}""", "invalid_value", "/crn_pattern" },
        { """{"principal":"User:u-abc123","role_name":"MetricsViewer","crn_pattern":"crn://confluent.cloud/organization=00000000-0000-0000-0000-000000000000"}""", "invalid_value", "/crn_pattern" },
        { """{"principal":"User:u-abc123","role_name":"MetricsViewer","crn_pattern":"crn://confluent.cloud/organization=5f1b3c2a-0d4e-4b6f-9a7c-8e2d1f0a3b4c/environment"}""", "invalid_value", "/crn_pattern" },
        { """{"principal":"User:u-abc123","role_name":7,"crn_pattern":"crn://confluent.cloud/organization=5f1b3c2a-0d4e-4b6f-9a7c-8e2d1f0a3b4c"}""", "invalid_type", "/role_name" },
    };

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task A_body_that_breaks_the_contract_is_a_400_naming_the_field_and_creates_nothing(string body, string code, string pointer)
    {
        await using var sim = await CloudSimulator.StartAsync();
        using var http = new SimHttp(sim);
        var a = await http.PostAsync("/iam/v2/role-bindings", body);
        Assert.Equal(400, a.Status);
        Assert.Contains((code, pointer), a.Errors());
        Assert.Empty(sim.RoleBindings);
        Assert.Equal(0, sim.Stats.RoleBindingsCreated);
    }

    [Fact]
    public async Task An_unknown_principal_is_accepted_unless_the_simulator_is_told_to_check_it()
    {
        await using var sim = await CloudSimulator.StartAsync();
        using var http = new SimHttp(sim);
        var body = new { principal = "User:i-notauser", role_name = "MetricsViewer", crn_pattern = Org };
        Assert.Equal(201, (await http.PostAsync("/iam/v2/role-bindings", body)).Status);

        sim.Options.RequireKnownPrincipals = true;
        var strict = await http.PostAsync("/iam/v2/role-bindings", body with { principal = "User:u-nobody" });
        Assert.Equal(400, strict.Status);
        Assert.Equal(("invalid_value", "/principal"), Assert.Single(strict.Errors()));
        var group = await http.PostAsync("/iam/v2/role-bindings", body with { principal = "Group:group-1" });
        Assert.Equal(201, group.Status);
    }

    [Fact]
    public async Task Role_bindings_accept_only_an_api_key()
    {
        await using var sim = await CloudSimulator.StartAsync();
        using var http = new SimHttp(sim);
        var token = await http.FetchTokenAsync();
        foreach (var bearer in new[] { sim.Options.StaticBearerToken, token })
        {
            http.UseBearer(bearer);
            var a = await http.GetAsync($"/iam/v2/role-bindings?crn_pattern={Q(Org)}");
            Assert.Equal(401, a.Status);
            Assert.Equal("user_unauthenticated", Assert.Single(a.Errors()).Code);
        }
        http.UseApiKey(sim.Options.ReadOnlyApiKey, sim.Options.ReadOnlyApiSecret);
        Assert.Equal(200, (await http.GetAsync($"/iam/v2/role-bindings?crn_pattern={Q(Org)}")).Status);
        Assert.Equal(403, (await http.PostAsync("/iam/v2/role-bindings", new { principal = "User:u-1", role_name = "MetricsViewer", crn_pattern = Org })).Status);
    }
}
