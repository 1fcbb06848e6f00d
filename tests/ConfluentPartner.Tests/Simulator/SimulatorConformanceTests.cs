using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using ConfluentCloud.Simulator;
using ConfluentPartner.Tests.Contract;
using Xunit;

namespace ConfluentPartner.Tests.Simulator;

/// <summary>
/// The simulator's answers checked against Confluent's published specs: every new operation goes through
/// <c>prism proxy &lt;spec&gt; &lt;simulator&gt;</c>, which reports in <c>sl-violations</c> where a response breaks the spec.
/// Requests meant to be invalid may carry request violations; no answer may carry a response violation.
/// </summary>
[Trait("Category", ContractEnvironment.Category)]
public sealed class SimulatorConformanceTests
{
    private static readonly string Org = CloudSimulator.OrganizationCrn;

    [ContractFact]
    public async Task Every_new_operation_answers_as_its_published_spec_says()
    {
        await using var sim = await CloudSimulator.StartAsync();
        var work = Directory.CreateTempSubdirectory("sim-conformance-");
        try
        {
            var partnerSpec = PrismFixture.WritePartnerSpecForPrism(ContractEnvironment.PartnerSpec, work.FullName);
            await using var iam = await PrismProxy.StartAsync(ContractEnvironment.IamSpec, sim.BaseUri, work.FullName);
            await using var rb = await PrismProxy.StartAsync(Path.Combine(ContractEnvironment.SpecDir, "iam-rolebindings-v2.openapi.yaml"), sim.BaseUri, work.FullName);
            await using var partner = await PrismProxy.StartAsync(partnerSpec, sim.BaseUri, work.FullName);
            var seen = new List<(string Label, int Status, string? Violations)>();

            async Task<JsonElement> Call(PrismProxy proxy, HttpMethod method, string path, object? body, bool bearer, string label, int expected)
            {
                using var http = new HttpClient { BaseAddress = proxy.Uri, Timeout = TimeSpan.FromSeconds(60) };
                using var request = new HttpRequestMessage(method, path);
                request.Headers.Authorization = bearer
                    ? new("Bearer", sim.Options.StaticBearerToken)
                    : new("Basic", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{sim.Options.ApiKey}:{sim.Options.ApiSecret}")));
                if (body is not null) request.Content = new StringContent(JsonSerializer.Serialize(body), System.Text.Encoding.UTF8, "application/json");
                using var response = await http.SendAsync(request);
                var raw = await response.Content.ReadAsStringAsync();
                var violations = response.Headers.TryGetValues("sl-violations", out var v) ? string.Join("", v) : null;
                seen.Add((label, (int)response.StatusCode, violations));
                Assert.True(expected == (int)response.StatusCode, $"{label}: expected {expected}, got {(int)response.StatusCode} {raw}");
                return raw.Length == 0 ? default : JsonDocument.Parse(raw).RootElement.Clone();
            }
            string Rel(JsonElement link) => new Uri(link.GetString()!).PathAndQuery;

            // iam/v2 users
            var inv = await Call(iam, HttpMethod.Post, "/iam/v2/invitations", new { email = "ada@example.com" }, false, "create invitation", 201);
            var userId = inv.GetProperty("user").GetProperty("id").GetString()!;
            for (int i = 0; i < 6; i++) sim.SeedInvitation($"u{i}@example.com");
            var users = await Call(iam, HttpMethod.Get, "/iam/v2/users?page_size=3", null, false, "list users", 200);
            await Call(iam, HttpMethod.Get, Rel(users.GetProperty("metadata").GetProperty("next")), null, false, "list users, next page", 200);
            await Call(iam, HttpMethod.Get, $"/iam/v2/users/{userId}", null, false, "get user", 200);
            await Call(iam, HttpMethod.Patch, $"/iam/v2/users/{userId}", new { full_name = "Ada Lovelace" }, false, "patch user", 200);
            await Call(iam, HttpMethod.Patch, $"/iam/v2/users/{userId}", new { full_name = 5 }, false, "patch user, bad type", 422);
            await Call(iam, HttpMethod.Get, "/iam/v2/users/u-nobody", null, false, "get user, unknown", 404);

            // role bindings
            var binding = new { principal = "User:" + userId, role_name = "MetricsViewer", crn_pattern = Org };
            var created = await Call(rb, HttpMethod.Post, "/iam/v2/role-bindings", binding, false, "create binding", 201);
            await Call(rb, HttpMethod.Post, "/iam/v2/role-bindings", binding, false, "create binding, duplicate", 409);
            await Call(rb, HttpMethod.Post, "/iam/v2/role-bindings", new { principal = "bad", role_name = "MetricsViewer", crn_pattern = Org }, false, "create binding, bad principal", 400);
            for (int i = 0; i < 5; i++) sim.SeedRoleBinding($"User:u-{i:D6}", "DeveloperRead", Org + "/environment=env-1");
            var list = await Call(rb, HttpMethod.Get, $"/iam/v2/role-bindings?crn_pattern={Uri.EscapeDataString(Org)}&page_size=4", null, false, "list bindings", 200);
            await Call(rb, HttpMethod.Get, Rel(list.GetProperty("metadata").GetProperty("next")), null, false, "list bindings, next page", 200);
            await Call(rb, HttpMethod.Get, "/iam/v2/role-bindings", null, false, "list bindings without crn_pattern", 400);
            var bindingId = created.GetProperty("id").GetString()!;
            await Call(rb, HttpMethod.Get, $"/iam/v2/role-bindings/{bindingId}", null, false, "get binding", 200);
            await Call(rb, HttpMethod.Delete, $"/iam/v2/role-bindings/{bindingId}", null, false, "delete binding", 200);
            await Call(rb, HttpMethod.Get, $"/iam/v2/role-bindings/{bindingId}", null, false, "get binding, deleted", 404);
            await Call(iam, HttpMethod.Delete, $"/iam/v2/users/{userId}", null, false, "delete user", 204);

            // partner/v2
            var ent = new { external_id = "e-1", name = "n", plan_id = "confluent-cloud-payg-prod", product_id = "confluent-cloud-kafka-service-azure" };
            var e1 = await Call(partner, HttpMethod.Post, "/partner/v2/entitlements", ent, true, "create entitlement", 201);
            await Call(partner, HttpMethod.Post, "/partner/v2/entitlements", ent, true, "create entitlement, duplicate", 409);
            await Call(partner, HttpMethod.Post, "/partner/v2/entitlements", new { name = "x" }, true, "create entitlement, missing fields", 400);
            var sso = new { kind = "AzureSSOConfig", tenant_id = "7a7f5c3e-4b0e-4d0e-9c55-1f2b3c4d5e6f" };
            var reference = new
            {
                id = e1.GetProperty("id").GetString(),
                related = e1.GetProperty("metadata").GetProperty("self").GetString(),
                resource_name = e1.GetProperty("metadata").GetProperty("resource_name").GetString(),
            };
            var signup = await Call(partner, HttpMethod.Post, "/partner/v2/signup", new { organization = new { name = "Contoso", sso_config = sso }, entitlement = reference }, true, "signup by reference", 201);
            for (int i = 0; i < 4; i++)
                await Call(partner, HttpMethod.Post, "/partner/v2/signup", new { organization = new { name = $"Org {i}", sso_config = sso }, entitlement = ent with { external_id = $"x{i}" } }, true, "signup", 201);
            var token = CloudSimulator.LinkToken("conformance");
            await Call(partner, HttpMethod.Post, "/partner/v2/signup/link?dry_run=true", new { token, organization = new { sso_config = sso }, entitlement = ent with { external_id = "l1" } }, true, "link, dry run", 201);
            await Call(partner, HttpMethod.Post, "/partner/v2/signup/link", new { token, organization = new { sso_config = sso }, entitlement = ent with { external_id = "l1" } }, true, "link", 201);
            await Call(partner, HttpMethod.Post, "/partner/v2/signup/link", new { token, organization = new { sso_config = sso }, entitlement = ent with { external_id = "l2" } }, true, "link, token used", 409);
            await Call(partner, HttpMethod.Post, "/partner/v2/signup/link", new { token = "nope", organization = new { sso_config = sso }, entitlement = ent with { external_id = "l3" } }, true, "link, bad token", 400);
            var ents = await Call(partner, HttpMethod.Get, "/partner/v2/entitlements?page_size=3", null, true, "list entitlements", 200);
            await Call(partner, HttpMethod.Get, Rel(ents.GetProperty("metadata").GetProperty("next")), null, true, "list entitlements, next page", 200);
            var orgId = signup.GetProperty("organization_id").GetString()!;
            await Call(partner, HttpMethod.Get, $"/partner/v2/entitlements?organization.id={orgId}", null, true, "list entitlements by organization", 200);
            await Call(partner, HttpMethod.Get, $"/partner/v2/entitlements/{reference.id}", null, true, "get entitlement", 200);
            var orgs = await Call(partner, HttpMethod.Get, "/partner/v2/organizations?page_size=4", null, true, "list organizations", 200);
            await Call(partner, HttpMethod.Get, Rel(orgs.GetProperty("metadata").GetProperty("next")), null, true, "list organizations, next page", 200);
            await Call(partner, HttpMethod.Get, $"/partner/v2/organizations/{orgId}", null, true, "get organization", 200);
            await Call(partner, HttpMethod.Get, "/partner/v2/organizations/nope", null, true, "get organization, unknown", 404);

            var responseViolations = seen
                .Where(s => s.Violations is not null && JsonDocument.Parse(s.Violations).RootElement.EnumerateArray()
                    .Any(v => v.GetProperty("location")[0].GetString() == "response"))
                .Select(s => $"{s.Label} ({s.Status}): {s.Violations}")
                .ToList();
            Assert.Empty(responseViolations);
            // the valid requests carry no violation at all, so Prism really checked them against the spec
            Assert.All(seen.Where(s => s.Status is 200 or 201 or 204), s => Assert.Null(s.Violations));
            Assert.True(seen.Count >= 35);
        }
        finally
        {
            try { work.Delete(recursive: true); }
            catch (IOException) { }
        }
    }

    /// <summary><c>prism proxy</c> on a free loopback port in front of the simulator; killed (with its node children) on dispose,
    /// and ends with the test host if that dies first (its stdin is the host's pipe).</summary>
    private sealed class PrismProxy : IAsyncDisposable
    {
        private readonly Process _process;
        private readonly ConcurrentQueue<string> _output = new();

        private PrismProxy(Process process, Uri uri)
        {
            _process = process;
            Uri = uri;
        }

        public Uri Uri { get; }

        public static async Task<PrismProxy> StartAsync(string spec, Uri upstream, string workDir)
        {
            var exitWithHost = Path.Combine(workDir, $"exit-with-host-{Guid.NewGuid():N}.cjs");
            File.WriteAllText(exitWithHost, "process.stdin.on('end', () => process.exit(0)); process.stdin.on('error', () => process.exit(0)); process.stdin.resume();\n");
            Exception? last = null;
            for (int attempt = 0; attempt < 3; attempt++)
            {
                var listener = new TcpListener(IPAddress.Loopback, 0);
                listener.Start();
                var port = ((IPEndPoint)listener.LocalEndpoint).Port;
                listener.Stop();
                var info = new ProcessStartInfo(ContractEnvironment.PrismPath)
                {
                    UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, CreateNoWindow = true,
                };
                foreach (var arg in new[] { "proxy", spec, upstream.ToString().TrimEnd('/'), "-h", "127.0.0.1", "-p", port.ToString(CultureInfo.InvariantCulture) })
                    info.ArgumentList.Add(arg);
                info.Environment["NODE_OPTIONS"] = $"--require \"{exitWithHost.Replace("\\", "\\\\")}\"";
                info.Environment["NO_COLOR"] = "1";
                var proxy = new PrismProxy(Process.Start(info)!, new Uri($"http://127.0.0.1:{port}"));
                try
                {
                    await proxy.WaitUntilAnsweringAsync();
                    return proxy;
                }
                catch (Exception ex)
                {
                    last = ex;
                    await proxy.DisposeAsync();
                }
            }
            throw new InvalidOperationException($"prism proxy did not start for {spec}.", last);
        }

        private async Task WaitUntilAnsweringAsync()
        {
            _process.OutputDataReceived += (_, e) => Keep(e.Data);
            _process.ErrorDataReceived += (_, e) => Keep(e.Data);
            _process.BeginOutputReadLine();
            _process.BeginErrorReadLine();
            using var probe = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
            var clock = Stopwatch.StartNew();
            while (clock.Elapsed < TimeSpan.FromSeconds(90))
            {
                if (_process.HasExited) throw new InvalidOperationException($"prism exited ({_process.ExitCode}):\n{string.Join("\n", _output)}");
                try
                {
                    using var _ = await probe.GetAsync(Uri);
                    return;
                }
                catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
                {
                    await Task.Delay(250);
                }
            }
            throw new TimeoutException($"prism did not answer on {Uri}:\n{string.Join("\n", _output)}");
        }

        private void Keep(string? line)
        {
            if (line is null) return;
            _output.Enqueue(line);
            while (_output.Count > 100) _output.TryDequeue(out _);
        }

        public async ValueTask DisposeAsync()
        {
            try
            {
                if (!_process.HasExited) _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
            }
            catch (Exception ex) when (ex is InvalidOperationException or TimeoutException) { }
            _process.Dispose();
        }
    }
}
