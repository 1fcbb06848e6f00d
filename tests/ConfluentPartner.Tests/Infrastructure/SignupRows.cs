using System.Management.Automation;
using System.Text.Json.Nodes;
using Xunit;

namespace ConfluentPartner.Tests.Infrastructure;

/// <summary>Rows shaped like <c>Import-Csv customers.csv</c> output, and checks of what went over the wire.</summary>
public static class SignupRows
{
    public const string Plan = "confluent-cloud-payg-prod";
    public const string Product = "confluent-cloud-kafka-service-azure";
    public const string Tenant = "b3a17773-05cc-4431-9560-433fb4613da8";

    /// <summary>A valid details-form row with a user; <paramref name="cells"/> replace or add cells (null removes the column).</summary>
    public static PSObject Details(string key, params (string Header, string? Value)[] cells) => Row(new List<(string, string?)>
    {
        ("organization_name", $"Customer {key}"), ("tenant_id", Tenant),
        ("external_id", $"ext-{key}"), ("entitlement_name", $"Prod {key}"), ("plan_id", Plan), ("product_id", Product),
        ("email", $"admin@{key}.example.com"), ("given_name", "Ada"), ("family_name", "Lovelace"),
    }, cells);

    /// <summary>A valid reference-form row (an entitlement created earlier), without a user.</summary>
    public static PSObject Reference(string key, string related, string resourceName, params (string Header, string? Value)[] cells) => Row(new List<(string, string?)>
    {
        ("organization_name", $"Customer {key}"), ("tenant_id", Tenant), ("related", related), ("resource_name", resourceName),
    }, cells);

    private static PSObject Row(List<(string Header, string? Value)> row, (string Header, string? Value)[] cells)
    {
        foreach (var (header, value) in cells)
        {
            var at = row.FindIndex(c => c.Header == header);
            if (at >= 0) row.RemoveAt(at);
            if (value != null) row.Insert(at >= 0 ? at : row.Count, (header, value));
        }
        return ModuleHost.CsvRow(row.Select(c => (c.Header, c.Value!)).ToArray());
    }

    /// <summary>JSON equality regardless of property order and whitespace; shows the actual body on failure.</summary>
    public static void AssertJson(string expected, string? actual)
    {
        Assert.NotNull(actual);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), JsonNode.Parse(actual!)), $"expected {expected}\n  actual {actual}");
    }

    public static T Prop<T>(this PSObject o, string name) => (T)o.Properties[name].Value;

    /// <summary>What ConvertFrom-Json (or Invoke-RestMethod) makes of a JSON object: nested PSCustomObjects.</summary>
    public static object? FromJson(System.Text.Json.JsonElement e) => e.ValueKind switch
    {
        System.Text.Json.JsonValueKind.Object => e.EnumerateObject().Aggregate(new PSObject(), (o, p) => { o.Properties.Add(new PSNoteProperty(p.Name, FromJson(p.Value))); return o; }),
        System.Text.Json.JsonValueKind.Array => e.EnumerateArray().Select(FromJson).ToArray(),
        System.Text.Json.JsonValueKind.String => e.GetString(),
        System.Text.Json.JsonValueKind.Number => e.GetInt64(),
        System.Text.Json.JsonValueKind.True => true,
        System.Text.Json.JsonValueKind.False => false,
        _ => null,
    };
}
