using ConfluentCloud.Simulator;
using Xunit;

namespace ConfluentPartner.Tests.Simulator;

/// <summary>The simulator's iam/v2 users over HTTP: invitees become users at once, paging, PATCH, delete with their bindings.</summary>
public class SimulatorIamUserTests
{
    private static async Task<(string InvitationId, string UserId)> Invite(SimHttp http, string email)
    {
        var a = await http.PostAsync("/iam/v2/invitations", new { email });
        Assert.Equal(201, a.Status);
        return (a.Json.GetProperty("id").GetString()!, a.Json.GetProperty("user").GetProperty("id").GetString()!);
    }

    [Fact]
    public async Task An_invitation_gives_a_user_that_is_listed_and_readable_and_the_invitation_names_the_organization()
    {
        await using var sim = await CloudSimulator.StartAsync();
        using var http = new SimHttp(sim);
        var a = await http.PostAsync("/iam/v2/invitations", new { email = "ada@example.com" });
        Assert.Equal(201, a.Status);
        var userId = a.Json.GetProperty("user").GetProperty("id").GetString()!;
        Assert.StartsWith("u-", userId);
        Assert.StartsWith($"crn://confluent.cloud/organization={CloudSimulator.OrganizationId}/invitation=",
            a.Json.GetProperty("metadata").GetProperty("resource_name").GetString());

        var user = await http.GetAsync($"/iam/v2/users/{userId}");
        Assert.Equal(200, user.Status);
        Assert.Equal("User", user.Json.GetProperty("kind").GetString());
        Assert.Equal("ada@example.com", user.Json.GetProperty("email").GetString());
        Assert.Equal($"{CloudSimulator.OrganizationCrn}/user={userId}", user.Json.GetProperty("metadata").GetProperty("resource_name").GetString());

        var list = await http.GetAsync("/iam/v2/users");
        Assert.Equal(200, list.Status);
        var ids = list.Json.GetProperty("data").EnumerateArray().Select(u => u.GetProperty("id").GetString()).ToList();
        Assert.Equal([InvitationStoreAdmin, userId], ids);
        Assert.Equal(2, list.Json.GetProperty("metadata").GetProperty("total_size").GetInt32());
        Assert.Equal(2, sim.Users.Count);
    }

    private const string InvitationStoreAdmin = "u-simadmin";

    [Fact]
    public async Task Users_are_paged_with_metadata_next_until_every_user_was_seen_once()
    {
        await using var sim = await CloudSimulator.StartAsync();
        for (int i = 0; i < 24; i++) sim.SeedInvitation($"p{i:D2}@example.com");
        using var http = new SimHttp(sim);
        var seen = new List<string>();
        string? next = "/iam/v2/users?page_size=7";
        int pages = 0;
        while (next is not null)
        {
            var page = await http.GetAsync(next);
            Assert.Equal(200, page.Status);
            Assert.Equal("UserList", page.Json.GetProperty("kind").GetString());
            seen.AddRange(page.Json.GetProperty("data").EnumerateArray().Select(u => u.GetProperty("id").GetString()!));
            next = page.Json.GetProperty("metadata").TryGetProperty("next", out var n) ? n.GetString() : null;
            pages++;
        }
        Assert.Equal(4, pages); // 25 users (admin + 24) at 7 a page
        Assert.Equal(25, seen.Distinct().Count());
        Assert.Equal(sim.Users.Select(u => u.Id), seen);

        var bad = await http.GetAsync("/iam/v2/users?page_size=101");
        Assert.Equal(400, bad.Status);
        Assert.Equal(("invalid_page_size", "page_size"), Assert.Single(bad.Errors()));
        var badToken = await http.GetAsync("/iam/v2/users?page_token=bm9wZQ");
        Assert.Equal(("invalid_page_token", "page_token"), Assert.Single(badToken.Errors()));
    }

    [Fact]
    public async Task Patch_sets_the_full_name_and_refuses_a_wrong_type_and_an_email_change()
    {
        await using var sim = await CloudSimulator.StartAsync();
        using var http = new SimHttp(sim);
        var (_, userId) = await Invite(http, "grace@example.com");

        var ok = await http.PatchAsync($"/iam/v2/users/{userId}", new { full_name = "Grace Hopper", id = "ignored-read-only" });
        Assert.Equal(200, ok.Status);
        Assert.Equal("Grace Hopper", ok.Json.GetProperty("full_name").GetString());
        Assert.Equal(userId, ok.Json.GetProperty("id").GetString());

        var wrongType = await http.PatchAsync($"/iam/v2/users/{userId}", new { full_name = 5 });
        Assert.Equal(422, wrongType.Status);
        Assert.Equal(("invalid_type", "/full_name"), Assert.Single(wrongType.Errors()));
        var email = await http.PatchAsync($"/iam/v2/users/{userId}", new { email = "other@example.com" });
        Assert.Equal(("invalid_value", "/email"), Assert.Single(email.Errors()));
        Assert.Equal(404, (await http.PatchAsync("/iam/v2/users/u-nobody", new { full_name = "x" })).Status);
        Assert.Equal("Grace Hopper", Assert.Single(sim.Users, u => u.Id == userId).FullName);
    }

    [Fact]
    public async Task Deleting_a_user_removes_their_role_bindings_but_not_their_invitation_nor_other_users_bindings()
    {
        await using var sim = await CloudSimulator.StartAsync();
        using var http = new SimHttp(sim);
        var (invitationId, userId) = await Invite(http, "leaver@example.com");
        var (_, stayerId) = await Invite(http, "stayer@example.com");
        foreach (var (principal, role) in new[] { (userId, "MetricsViewer"), (userId, "OrganizationAdmin"), (stayerId, "MetricsViewer") })
            Assert.Equal(201, (await http.PostAsync("/iam/v2/role-bindings",
                new { principal = "User:" + principal, role_name = role, crn_pattern = CloudSimulator.OrganizationCrn })).Status);

        var del = await http.DeleteAsync($"/iam/v2/users/{userId}");
        Assert.Equal(204, del.Status);
        Assert.Equal(404, (await http.GetAsync($"/iam/v2/users/{userId}")).Status);
        Assert.Equal(404, (await http.DeleteAsync($"/iam/v2/users/{userId}")).Status);
        Assert.Equal(["User:" + stayerId], sim.RoleBindings.Select(b => b.Principal));
        var listed = await http.GetAsync($"/iam/v2/role-bindings?crn_pattern={Uri.EscapeDataString(CloudSimulator.OrganizationCrn)}&principal=User:{userId}");
        Assert.Equal(0, listed.Json.GetProperty("data").GetArrayLength());
        // the invitation is the client's to withdraw
        Assert.Equal(200, (await http.GetAsync($"/iam/v2/invitations/{invitationId}")).Status);
        Assert.Equal(204, (await http.DeleteAsync($"/iam/v2/invitations/{invitationId}")).Status);
        Assert.Equal(1, sim.Stats.UsersDeleted);
        Assert.Equal(1, sim.Stats.InvitationsDeleted);
    }

    [Fact]
    public async Task Withdrawing_a_pending_invitation_deactivates_its_user_and_an_accepted_one_keeps_the_user()
    {
        await using var sim = await CloudSimulator.StartAsync();
        var pending = sim.SeedInvitation("pending@example.com");
        var accepted = sim.SeedInvitation("accepted@example.com", status: "INVITE_STATUS_ACCEPTED");
        sim.SeedRoleBinding("User:" + pending.UserId, "MetricsViewer", CloudSimulator.OrganizationCrn);
        using var http = new SimHttp(sim);

        Assert.Equal(204, (await http.DeleteAsync($"/iam/v2/invitations/{pending.Id}")).Status);
        Assert.Equal(204, (await http.DeleteAsync($"/iam/v2/invitations/{accepted.Id}")).Status);

        Assert.Equal(404, (await http.GetAsync($"/iam/v2/users/{pending.UserId}")).Status);
        Assert.Equal(200, (await http.GetAsync($"/iam/v2/users/{accepted.UserId}")).Status);
        Assert.Empty(sim.RoleBindings);
        // the accepted user is still a member: inviting the email again is a conflict that points at the user
        var again = await http.PostAsync("/iam/v2/invitations", new { email = "accepted@example.com" });
        Assert.Equal(409, again.Status);
        Assert.EndsWith($"/iam/v2/users/{accepted.UserId}", again.Location);
        // the deactivated invitee can be invited again, as a new user
        var reinvite = await http.PostAsync("/iam/v2/invitations", new { email = "pending@example.com" });
        Assert.Equal(201, reinvite.Status);
        Assert.NotEqual(pending.UserId, reinvite.Json.GetProperty("user").GetProperty("id").GetString());
    }

    [Fact]
    public async Task Users_need_credentials_and_a_read_only_key_cannot_delete()
    {
        await using var sim = await CloudSimulator.StartAsync();
        var inv = sim.SeedInvitation("ro@example.com");
        using var http = new SimHttp(sim);
        Assert.Equal(401, (await http.UseApiKey("SIMKEY0123456789", "wrong").GetAsync("/iam/v2/users")).Status);
        http.UseApiKey(sim.Options.ReadOnlyApiKey, sim.Options.ReadOnlyApiSecret);
        Assert.Equal(200, (await http.GetAsync("/iam/v2/users")).Status);
        Assert.Equal(403, (await http.DeleteAsync($"/iam/v2/users/{inv.UserId}")).Status);
        Assert.Equal(200, (await http.UseBearer(sim.Options.StaticBearerToken).GetAsync($"/iam/v2/users/{inv.UserId}")).Status);
        Assert.Equal(405, (await http.PostAsync("/iam/v2/users", new { email = "x@example.com" })).Status);
    }
}
