using System.Net;
using System.Net.Http.Headers;
using System.Text;
using ConfluentCloud.Simulator;
using Xunit;

namespace ConfluentPartner.Tests.Simulator;

/// <summary>The fault kinds that resumable runs and robustness tests (issues 13 and 15) turn on, observed over raw HTTP.</summary>
public class SimulatorFaultTests
{
    private static object Signup(int i) => new
    {
        organization = new { name = $"Org {i}", sso_config = new { kind = "AzureSSOConfig", tenant_id = "7a7f5c3e-4b0e-4d0e-9c55-1f2b3c4d5e6f" } },
        entitlement = new { external_id = $"ext-{i}", name = "n", plan_id = "confluent-cloud-payg-prod", product_id = "confluent-cloud-kafka-service-azure" },
    };

    [Fact]
    public async Task A_504_after_processing_hits_only_the_nth_create_on_the_exact_path_and_the_resource_exists()
    {
        await using var sim = await CloudSimulator.StartAsync();
        sim.AddFault(new FaultRule { Kind = FaultKind.GatewayTimeoutAfterProcessing504, Method = "POST", Path = "/partner/v2/signup", EveryNth = 3, MaxTimes = 1 });
        using var http = new SimHttp(sim).UseBearer(sim.Options.StaticBearerToken);
        Assert.Equal(201, (await http.PostAsync("/partner/v2/signup/link", new
        {
            token = CloudSimulator.LinkToken("not-counted"),
            organization = new { sso_config = new { kind = "AzureSSOConfig", tenant_id = "t" } },
            entitlement = new { external_id = "link", name = "n", plan_id = "confluent-cloud-payg-prod", product_id = "confluent-cloud-kafka-service-azure" },
        })).Status);

        var statuses = new List<int>();
        for (int i = 1; i <= 5; i++) statuses.Add((await http.PostAsync("/partner/v2/signup", Signup(i))).Status);

        Assert.Equal([201, 201, 504, 201, 201], statuses);
        Assert.Contains(sim.Signups, s => s.EntitlementExternalId == "ext-3"); // created although the answer was 504
        Assert.Equal(5, sim.Stats.SignupsCreated);
        Assert.Equal(1, sim.Stats.FaultsInjected);
        var again = await http.PostAsync("/partner/v2/signup", Signup(3)); // a blind resend is a conflict, not a second customer
        Assert.Equal(409, again.Status);
    }

    [Fact]
    public async Task An_empty_object_body_keeps_the_created_status_and_location()
    {
        await using var sim = await CloudSimulator.StartAsync();
        sim.AddFault(new FaultRule { Kind = FaultKind.EmptyObjectBody, Method = "POST", Path = "/partner/v2/entitlements" });
        using var http = new SimHttp(sim).UseBearer(sim.Options.StaticBearerToken);
        var a = await http.PostAsync("/partner/v2/entitlements",
            new { external_id = "e-1", name = "n", plan_id = "confluent-cloud-payg-prod", product_id = "confluent-cloud-kafka-service-azure" });
        Assert.Equal(201, a.Status);
        Assert.Equal("{}", a.Raw);
        var ent = Assert.Single(sim.Entitlements);
        Assert.EndsWith($"/partner/v2/entitlements/{ent.Id}", a.Location);
        Assert.Equal(1, sim.Stats.EntitlementsCreated);
        // a failure is not emptied
        var dup = await http.PostAsync("/partner/v2/entitlements",
            new { external_id = "e-1", name = "n", plan_id = "confluent-cloud-payg-prod", product_id = "confluent-cloud-kafka-service-azure" });
        Assert.Equal(409, dup.Status);
        Assert.Equal("resource_already_exists", Assert.Single(dup.Errors()).Code);
    }

    [Fact]
    public async Task A_repeated_next_link_points_at_the_page_just_served()
    {
        await using var sim = await CloudSimulator.StartAsync();
        for (int i = 0; i < 5; i++) sim.SeedInvitation($"r{i}@example.com");
        sim.AddFault(new FaultRule { Kind = FaultKind.RepeatNextPage, Method = "GET", Path = "/iam/v2/users" });
        using var http = new SimHttp(sim);
        var first = await http.GetAsync("/iam/v2/users?page_size=2");
        var next = first.Json.GetProperty("metadata").GetProperty("next").GetString()!;
        Assert.Equal(new Uri(sim.BaseUri, "/iam/v2/users?page_size=2").ToString(), next);
        var second = await http.GetAsync(next);
        Assert.Equal(first.Json.GetProperty("data").ToString(), second.Json.GetProperty("data").ToString());
        // without a next link (the last page) the answer is unchanged
        var all = await http.GetAsync("/iam/v2/users?page_size=100");
        Assert.False(all.Json.GetProperty("metadata").TryGetProperty("next", out _));
    }

    [Theory]
    [InlineData("-5")]
    [InlineData("soon")]
    [InlineData("86400")]
    [InlineData("Wed, 21 Oct 2015 07:28:00 GMT")]
    public async Task A_429_can_carry_any_retry_after_value_and_processes_nothing(string retryAfter)
    {
        await using var sim = await CloudSimulator.StartAsync();
        sim.AddFault(new FaultRule { Kind = FaultKind.TooManyRequests429, Method = "POST", RetryAfterValue = retryAfter, MaxTimes = 1 });
        using var http = new SimHttp(sim);
        var a = await http.PostAsync("/iam/v2/invitations", new { email = "wait@example.com" });
        Assert.Equal(429, a.Status);
        Assert.Equal(retryAfter, a.Header("Retry-After"));
        Assert.Empty(sim.Invitations);
        Assert.Equal(201, (await http.PostAsync("/iam/v2/invitations", new { email = "wait@example.com" })).Status);
    }

    [Fact]
    public async Task The_token_endpoint_can_answer_an_html_page_with_a_200()
    {
        await using var sim = await CloudSimulator.StartAsync();
        sim.AddFault(new FaultRule { Kind = FaultKind.HtmlBody, PathPrefix = CloudSimulator.TokenPath, HtmlStatus = 200 });
        using var http = new HttpClient { BaseAddress = sim.BaseUri };
        using var request = new HttpRequestMessage(HttpMethod.Post, CloudSimulator.TokenPath)
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["grant_type"] = "client_credentials" }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"{sim.Options.OAuthClientId}:{sim.Options.OAuthClientSecret}")));
        using var response = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("<html>", await response.Content.ReadAsStringAsync());
        Assert.Equal(1, sim.Stats.TokenRequests);
    }

    [Fact]
    public async Task A_trickled_body_sends_headers_first_and_the_whole_body_byte_by_byte()
    {
        await using var sim = await CloudSimulator.StartAsync();
        sim.SeedInvitation("slow@example.com");
        using var http = new SimHttp(sim);
        var normal = await http.GetAsync("/iam/v2/users");

        sim.AddFault(new FaultRule { Kind = FaultKind.TrickleBody, Method = "GET", TrickleInterval = TimeSpan.FromMilliseconds(1), MaxTimes = 1 });
        var trickled = await http.GetAsync("/iam/v2/users");
        Assert.Equal(200, trickled.Status);
        Assert.Equal(normal.Json.GetProperty("data").ToString(), trickled.Json.GetProperty("data").ToString());

        // at a slow pace the headers arrive while the body is still on its way; a client that gives up is let go
        sim.AddFault(new FaultRule { Kind = FaultKind.TrickleBody, Method = "GET", TrickleInterval = TimeSpan.FromSeconds(10), MaxTimes = 1 });
        using var raw = new HttpClient { BaseAddress = sim.BaseUri };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/iam/v2/users");
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"{sim.Options.ApiKey}:{sim.Options.ApiSecret}")));
        using var response = await raw.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var length = response.Content.Headers.ContentLength;
        Assert.True(length > 10);
        await using var stream = await response.Content.ReadAsStreamAsync();
        var buffer = new byte[4096];
        var read = await stream.ReadAsync(buffer);
        Assert.InRange(read, 1, (int)length!.Value - 1);
    }

    [Fact]
    public async Task Over_the_concurrency_limit_a_request_is_answered_429_with_retry_after_and_not_processed()
    {
        await using var sim = await CloudSimulator.StartAsync(new SimulatorOptions { ConcurrencyLimit = 2 });
        sim.AddFault(new FaultRule { Kind = FaultKind.SlowResponse, Method = "GET", SlowDelay = TimeSpan.FromMinutes(1), MaxTimes = 2 });
        using var http = new SimHttp(sim);
        using var cts = new CancellationTokenSource();
        using var hanging = new HttpClient { BaseAddress = sim.BaseUri };
        hanging.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"{sim.Options.ApiKey}:{sim.Options.ApiSecret}")));
        var slow = Enumerable.Range(0, 2).Select(_ => hanging.GetAsync("/iam/v2/users", cts.Token)).ToList();
        for (int i = 0; i < 200 && sim.Stats.MaxConcurrentRequests < 2; i++) await Task.Delay(25);
        Assert.Equal(2, sim.Stats.MaxConcurrentRequests);

        var third = await http.PostAsync("/iam/v2/invitations", new { email = "third@example.com" });
        Assert.Equal(429, third.Status);
        Assert.Equal("1", third.Header("Retry-After"));
        Assert.Empty(sim.Invitations);
        Assert.Equal(1, sim.Stats.RateLimited);

        cts.Cancel();
        foreach (var t in slow) await Assert.ThrowsAnyAsync<OperationCanceledException>(() => t);
    }
}
