using System.Text.Json;
using ConfluentCloud.Simulator;
using Xunit;

namespace ConfluentPartner.Tests.Simulator;

/// <summary>The simulator's partner/v2 entitlements, organizations and signup link over HTTP, with the spec's OAuth scopes.</summary>
public class SimulatorPartnerJourneyTests
{
    private static object Entitlement(string externalId) => new
    {
        external_id = externalId, name = "Marketplace purchase " + externalId,
        plan_id = "confluent-cloud-payg-prod", product_id = "confluent-cloud-kafka-service-azure",
    };

    private static object Organization(string? name = "Contoso") => name is null
        ? new { sso_config = new { kind = "AzureSSOConfig", tenant_id = "7a7f5c3e-4b0e-4d0e-9c55-1f2b3c4d5e6f" } }
        : new { name, sso_config = new { kind = "AzureSSOConfig", tenant_id = "7a7f5c3e-4b0e-4d0e-9c55-1f2b3c4d5e6f" } };

    private static object Reference(JsonElement entitlement) => new
    {
        id = entitlement.GetProperty("id").GetString(),
        related = entitlement.GetProperty("metadata").GetProperty("self").GetString(),
        resource_name = entitlement.GetProperty("metadata").GetProperty("resource_name").GetString(),
    };

    private static async Task<SimHttp> Partner(CloudSimulator sim, string? scope = null)
    {
        var http = new SimHttp(sim);
        http.UseBearer(await http.FetchTokenAsync(scope));
        return http;
    }

    [Fact]
    public async Task An_entitlement_created_ahead_is_used_by_a_signup_by_reference_and_both_are_listed()
    {
        await using var sim = await CloudSimulator.StartAsync();
        using var http = await Partner(sim);

        var created = await http.PostAsync("/partner/v2/entitlements", Entitlement("ext-100"));
        Assert.Equal(201, created.Status);
        var ent = created.Json;
        Assert.Equal("Entitlement", ent.GetProperty("kind").GetString());
        Assert.Equal(created.Location, ent.GetProperty("metadata").GetProperty("self").GetString());
        Assert.False(ent.TryGetProperty("organization", out _));

        var dup = await http.PostAsync("/partner/v2/entitlements", Entitlement("ext-100"));
        Assert.Equal(409, dup.Status);
        Assert.Equal(created.Location, dup.Location);

        var signup = await http.PostAsync("/partner/v2/signup", new { organization = Organization(), entitlement = Reference(ent) });
        Assert.Equal(201, signup.Status);
        var orgId = signup.Json.GetProperty("organization_id").GetString()!;
        Assert.Single(sim.Entitlements);
        Assert.Equal(orgId, Assert.Single(sim.Entitlements).OrganizationId);
        Assert.Equal(1, sim.Stats.EntitlementsCreated);
        Assert.Equal(1, sim.Stats.SignupsCreated);

        var byOrg = await http.GetAsync($"/partner/v2/entitlements?organization.id={orgId}");
        Assert.Equal(200, byOrg.Status);
        Assert.Equal("EntitlementList", byOrg.Json.GetProperty("kind").GetString());
        var listed = Assert.Single(byOrg.Json.GetProperty("data").EnumerateArray().ToList());
        Assert.Equal("ext-100", listed.GetProperty("external_id").GetString());
        Assert.Equal(orgId, listed.GetProperty("organization").GetProperty("id").GetString());
        Assert.Equal(0, (await http.GetAsync("/partner/v2/entitlements?organization.id=00000000-0000-0000-0000-000000000000")).Json.GetProperty("data").GetArrayLength());

        var orgs = await http.GetAsync("/partner/v2/organizations");
        Assert.Equal(200, orgs.Status);
        Assert.Equal("OrganizationList", orgs.Json.GetProperty("kind").GetString());
        var org = Assert.Single(orgs.Json.GetProperty("data").EnumerateArray().ToList());
        Assert.Equal(orgId, org.GetProperty("id").GetString());
        Assert.Equal("Contoso", org.GetProperty("name").GetString());
        Assert.StartsWith("https://", org.GetProperty("sso_url").GetString());
        Assert.True(org.GetProperty("metadata").TryGetProperty("created_at", out _));
        Assert.Equal(200, (await http.GetAsync($"/partner/v2/organizations/{orgId}")).Status);
        Assert.Equal(200, (await http.GetAsync($"/partner/v2/entitlements/{ent.GetProperty("id").GetString()}?organization.id={orgId}")).Status);
    }

    [Fact]
    public async Task Entitlements_and_organizations_are_paged_with_next_links()
    {
        await using var sim = await CloudSimulator.StartAsync();
        using var http = await Partner(sim);
        for (int i = 0; i < 13; i++)
            Assert.Equal(201, (await http.PostAsync("/partner/v2/signup", new { organization = Organization($"Org {i}"), entitlement = Entitlement($"e{i:D2}") })).Status);

        async Task<List<string>> All(string first, string field)
        {
            var all = new List<string>();
            string? next = first;
            while (next is not null)
            {
                var a = await http.GetAsync(next);
                Assert.Equal(200, a.Status);
                Assert.Equal(13, a.Json.GetProperty("metadata").GetProperty("total_size").GetInt32());
                all.AddRange(a.Json.GetProperty("data").EnumerateArray().Select(x => x.GetProperty(field).GetString()!));
                next = a.Json.GetProperty("metadata").TryGetProperty("next", out var n) ? n.GetString() : null;
            }
            return all;
        }
        Assert.Equal(Enumerable.Range(0, 13).Select(i => $"e{i:D2}"), await All("/partner/v2/entitlements?page_size=4", "external_id"));
        Assert.Equal(Enumerable.Range(0, 13).Select(i => $"Org {i}"), await All("/partner/v2/organizations?page_size=5", "name"));
        Assert.Equal(13, (await All("/partner/v2/organizations", "id")).Distinct().Count());
        Assert.Equal(("invalid_page_size", "page_size"), Assert.Single((await http.GetAsync("/partner/v2/organizations?page_size=0")).Errors()));
    }

    public static TheoryData<string, string, string> BadEntitlements => new()
    {
        { """{"name":"n","plan_id":"confluent-cloud-payg-prod","product_id":"confluent-cloud-for-apache-kafka"}""", "missing_required_field", "/external_id" },
        { """{"external_id":"x","name":"n","plan_id":"gold","product_id":"confluent-cloud-for-apache-kafka"}""", "invalid_value", "/plan_id" },
        { """{"external_id":"x","name":"n","plan_id":"confluent-cloud-payg-prod","product_id":"confluent-cloud-for-apache-kafka","colour":"red"}""", "unknown_property", "/colour" },
        { """{"external_id":"x","name":5,"plan_id":"confluent-cloud-payg-prod","product_id":"confluent-cloud-for-apache-kafka"}""", "invalid_type", "/name" },
        { """{"external_id":"x","name":"n","plan_id":"confluent-cloud-payg-prod","product_id":"confluent-cloud-for-apache-kafka","organization":{"id":"o","related":"https://example.com/partner/v2/organizations/o","resource_name":"crn://confluent.cloud/organization=o"}}""", "invalid_reference", "/organization/related" },
    };

    [Theory]
    [MemberData(nameof(BadEntitlements))]
    public async Task An_entitlement_that_breaks_the_contract_is_a_400_naming_the_field(string body, string code, string pointer)
    {
        await using var sim = await CloudSimulator.StartAsync();
        using var http = await Partner(sim);
        var a = await http.PostAsync("/partner/v2/entitlements", body);
        Assert.Equal(400, a.Status);
        Assert.Contains((code, pointer), a.Errors());
        Assert.Empty(sim.Entitlements);
    }

    [Fact]
    public async Task A_link_with_a_valid_token_adds_the_existing_organization_once_in_either_entitlement_form()
    {
        await using var sim = await CloudSimulator.StartAsync();
        using var http = await Partner(sim);
        var token = CloudSimulator.LinkToken("customer-1");

        var dry = await http.PostAsync("/partner/v2/signup/link?dry_run=true", new { token, organization = Organization(null), entitlement = Entitlement("link-1") });
        Assert.Equal(201, dry.Status);
        Assert.Equal(CloudSimulator.LinkedOrganizationId(token), dry.Json.GetProperty("organization_id").GetString());
        Assert.StartsWith("https://", dry.Json.GetProperty("sso_url").GetString());
        Assert.Empty(sim.Organizations);
        Assert.Empty(sim.Entitlements);

        var linked = await http.PostAsync("/partner/v2/signup/link", new { token, organization = Organization(null), entitlement = Entitlement("link-1") });
        Assert.Equal(201, linked.Status);
        Assert.Equal(CloudSimulator.LinkedOrganizationId(token), linked.Json.GetProperty("organization_id").GetString());
        Assert.StartsWith("https://", linked.Json.GetProperty("sso_url").GetString());
        Assert.DoesNotContain(token, linked.Raw);
        var org = Assert.Single(sim.Organizations);
        Assert.True(org.Linked);
        Assert.Equal("link-1", org.EntitlementExternalId);
        Assert.Equal(1, sim.Stats.LinksCreated);
        Assert.Equal(1, sim.Stats.EntitlementsCreated);

        var again = await http.PostAsync("/partner/v2/signup/link", new { token, organization = Organization(null), entitlement = Entitlement("link-1b") });
        Assert.Equal(409, again.Status);
        Assert.EndsWith($"/partner/v2/organizations/{org.OrganizationId}", again.Location);
        Assert.DoesNotContain(token, again.Raw);

        // the reference form uses the entitlement created ahead
        var ent = (await http.PostAsync("/partner/v2/entitlements", Entitlement("link-2"))).Json;
        var token2 = CloudSimulator.LinkToken("customer-2");
        var byRef = await http.PostAsync("/partner/v2/signup/link", new { token = token2, organization = Organization("Fabrikam"), entitlement = Reference(ent) });
        Assert.Equal(201, byRef.Status);
        Assert.Equal(2, sim.Entitlements.Count);
        Assert.Equal(byRef.Json.GetProperty("organization_id").GetString(), sim.Entitlements[1].OrganizationId);
        Assert.Equal("Fabrikam", sim.Organizations[1].OrganizationName);
        Assert.Equal(2, (await http.GetAsync("/partner/v2/organizations")).Json.GetProperty("data").GetArrayLength());
        Assert.All(sim.Requests, r => Assert.DoesNotContain("sim-link-", r.Query));
    }

    [Fact]
    public async Task A_link_with_a_bad_token_or_body_is_a_400_that_never_repeats_the_token()
    {
        await using var sim = await CloudSimulator.StartAsync();
        using var http = await Partner(sim);
        var bad = await http.PostAsync("/partner/v2/signup/link", new { token = "not-a-sim-token-SECRET", organization = Organization(), entitlement = Entitlement("x") });
        Assert.Equal(400, bad.Status);
        Assert.Equal(("invalid_value", "/token"), Assert.Single(bad.Errors()));
        Assert.DoesNotContain("SECRET", bad.Raw);

        var missing = await http.PostAsync("/partner/v2/signup/link", new { organization = new { name = "x" }, entitlement = new { } });
        Assert.Equal(400, missing.Status);
        var errors = missing.Errors();
        Assert.Contains(("missing_required_field", "/token"), errors);
        Assert.Contains(("missing_required_field", "/organization/sso_config"), errors);
        Assert.Contains(("missing_required_field", "/entitlement/external_id"), errors);
        Assert.Empty(sim.Organizations);
        Assert.Equal(("invalid_parameter", "dry_run"),
            Assert.Single((await http.PostAsync("/partner/v2/signup/link?dry_run=maybe", new { })).Errors()));
    }

    [Fact]
    public async Task Each_operation_needs_the_scope_its_spec_declares()
    {
        await using var sim = await CloudSimulator.StartAsync();
        var ent = sim.SeedEntitlement("seeded-1");
        using var describe = await Partner(sim, "partner:describe");
        using var marketplace = await Partner(sim, "marketplace::describe");
        using var create = await Partner(sim, "partner:create");

        Assert.Equal(200, (await describe.GetAsync("/partner/v2/entitlements")).Status);
        Assert.Equal(200, (await describe.GetAsync($"/partner/v2/entitlements/{ent.Id}")).Status);
        Assert.Equal(403, (await describe.GetAsync("/partner/v2/organizations")).Status);
        Assert.Equal(403, (await describe.PostAsync("/partner/v2/entitlements", Entitlement("a"))).Status);

        Assert.Equal(200, (await marketplace.GetAsync("/partner/v2/organizations")).Status);
        Assert.Equal(404, (await marketplace.GetAsync("/partner/v2/organizations/00000000-0000-0000-0000-000000000000")).Status);
        var denied = await marketplace.GetAsync("/partner/v2/entitlements");
        Assert.Equal(403, denied.Status);
        Assert.Equal("user_unauthorized", Assert.Single(denied.Errors()).Code);

        Assert.Equal(201, (await create.PostAsync("/partner/v2/entitlements", Entitlement("b"))).Status);
        Assert.Equal(201, (await create.PostAsync("/partner/v2/signup/link", new { token = CloudSimulator.LinkToken("c"), organization = Organization(), entitlement = Entitlement("c") })).Status);
        Assert.Equal(403, (await create.GetAsync("/partner/v2/entitlements")).Status);

        using var apiKey = new SimHttp(sim);
        Assert.Equal(401, (await apiKey.GetAsync("/partner/v2/organizations")).Status);
        Assert.Equal(2, sim.Stats.EntitlementsCreated);
    }
}
