using System.Management.Automation;
using ConfluentCloud.Simulator;

namespace ConfluentPartner.Tests.Infrastructure;

/// <summary>
/// A partner's customer CSV as Import-Csv reads it: every row has every column (empty cells where a row does not use one).
/// Signup rows in both entitlement forms, link rows (a link_token cell), and optionally bad rows.
/// </summary>
public static class CustomerCsv
{
    public static readonly string[] Headers =
    [
        "organization_name", "tenant_id", "external_id", "entitlement_name", "plan_id", "product_id",
        "related", "resource_name", "email", "given_name", "family_name", "link_token",
    ];

    public static PSObject Row(Dictionary<string, string> cells) =>
        ModuleHost.CsvRow(Headers.Select(h => (h, cells.TryGetValue(h, out var v) ? v : "")).ToArray());

    public static PSObject Details(string key, bool user = true) => Row(new()
    {
        ["organization_name"] = $"Customer {key}", ["tenant_id"] = SignupRows.Tenant, ["external_id"] = $"ext-{key}",
        ["entitlement_name"] = $"Prod {key}", ["plan_id"] = SignupRows.Plan, ["product_id"] = SignupRows.Product,
        ["email"] = user ? $"admin@{key}.example.com" : "", ["given_name"] = user ? "Ada" : "", ["family_name"] = user ? "Lovelace" : "",
    });

    public static PSObject Reference(CloudSimulator sim, string key, SimEntitlement entitlement) => Row(new()
    {
        ["organization_name"] = $"Customer {key}", ["tenant_id"] = SignupRows.Tenant,
        ["related"] = sim.EntitlementUrl(entitlement.Id), ["resource_name"] = $"crn://confluent.cloud/entitlement={entitlement.Id}",
    });

    public static PSObject LinkDetails(string key) => Row(new()
    {
        ["organization_name"] = $"Linked {key}", ["tenant_id"] = SignupRows.Tenant, ["external_id"] = $"ext-{key}",
        ["entitlement_name"] = $"Prod {key}", ["plan_id"] = SignupRows.Plan, ["product_id"] = SignupRows.Product,
        ["link_token"] = CloudSimulator.LinkToken(key),
    });

    public static PSObject LinkReference(CloudSimulator sim, string key, SimEntitlement entitlement) => Row(new()
    {
        ["tenant_id"] = SignupRows.Tenant, ["related"] = sim.EntitlementUrl(entitlement.Id),
        ["resource_name"] = $"crn://confluent.cloud/entitlement={entitlement.Id}", ["link_token"] = CloudSimulator.LinkToken(key),
    });

    /// <summary>
    /// The "Done when" file: 40 rows, 37 good (21 signups with details, 8 by reference to entitlements created earlier, 4 links
    /// with details, 4 links by reference) and 3 bad ones, each with one broken field (plan id, organization name, user email).
    /// Seeds the referenced entitlements in <paramref name="sim"/>.
    /// </summary>
    public static List<PSObject> Mixed(CloudSimulator sim, out string[] tokens)
    {
        var rows = new List<PSObject>();
        var tokenList = new List<string>();
        for (var i = 1; i <= 40; i++)
        {
            var key = $"c{i:00}";
            switch (i)
            {
                case 7:
                    rows.Add(Row(new() { ["organization_name"] = "Bad plan", ["tenant_id"] = SignupRows.Tenant, ["external_id"] = "ext-bad-plan",
                        ["entitlement_name"] = "x", ["plan_id"] = "gold-plan", ["product_id"] = SignupRows.Product }));
                    break;
                case 19:
                    rows.Add(Row(new() { ["organization_name"] = "Bad # name", ["tenant_id"] = SignupRows.Tenant, ["external_id"] = "ext-bad-name",
                        ["entitlement_name"] = "x", ["plan_id"] = SignupRows.Plan, ["product_id"] = SignupRows.Product }));
                    break;
                case 31:
                    var bad = Details(key);
                    bad.Properties["email"].Value = "not-an-email";
                    rows.Add(bad);
                    break;
                case <= 23:
                    rows.Add(Details(key, user: i % 3 != 0));
                    break;
                case <= 30 or (>= 32 and <= 32):
                    rows.Add(Reference(sim, key, sim.SeedEntitlement($"pre-{key}")));
                    break;
                case <= 36:
                    rows.Add(LinkDetails(key));
                    tokenList.Add(CloudSimulator.LinkToken(key));
                    break;
                default:
                    rows.Add(LinkReference(sim, key, sim.SeedEntitlement($"pre-{key}")));
                    tokenList.Add(CloudSimulator.LinkToken(key));
                    break;
            }
        }
        tokens = tokenList.ToArray();
        return rows;
    }
}
