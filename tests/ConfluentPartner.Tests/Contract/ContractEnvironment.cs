using ConfluentPartner.Tests.Infrastructure;
using Xunit;

namespace ConfluentPartner.Tests.Contract;

/// <summary>
/// Where the contract tests find Confluent's published OpenAPI documents and Prism, and whether they can run.
/// Under CI (<c>CI=true</c>) missing prerequisites fail the tests; elsewhere the tests are skipped with the reason.
/// </summary>
public static class ContractEnvironment
{
    public const string Category = "Contract";
    public const string SpecDirVariable = "CONFLUENT_SPEC_DIR";
    public const string PrismVariable = "CONFLUENT_PRISM_PATH";
    public const string InstallCommand = "npm install --prefix .tools/prism --save-exact --no-audit --no-fund @stoplight/prism-cli@5.14.2";

    /// <summary>Default: ../shared/spec beside the repository.</summary>
    public static string SpecDir { get; } = FromEnvironment(SpecDirVariable)
        ?? Path.GetFullPath(Path.Combine(ModuleHost.RepoRoot, "..", "shared", "spec"));

    public static string IamSpec => Path.Combine(SpecDir, "iam-v2.openapi.yaml");
    public static string PartnerSpec => Path.Combine(SpecDir, "partner-v2.openapi.yaml");

    /// <summary>Default: the npm shim in .tools/prism, where .ci/run installs the pinned Prism.</summary>
    public static string PrismPath { get; } = FromEnvironment(PrismVariable)
        ?? Path.Combine(ModuleHost.RepoRoot, ".tools", "prism", "node_modules", ".bin", OperatingSystem.IsWindows() ? "prism.cmd" : "prism");

    public static bool IsCi
    {
        get
        {
            var ci = Environment.GetEnvironmentVariable("CI");
            return !string.IsNullOrWhiteSpace(ci) && ci.Trim() != "0" && !ci.Trim().Equals("false", StringComparison.OrdinalIgnoreCase);
        }
    }

    /// <summary>Why the contract tests cannot run here, or null when everything they need is present.</summary>
    public static string? MissingReason { get; } = FindMissing();

    private static string? FindMissing()
    {
        var missing = new List<string>();
        var specs = new[] { IamSpec, PartnerSpec }.Where(s => !File.Exists(s)).ToList();
        if (specs.Count > 0)
            missing.Add($"the published OpenAPI documents {string.Join(" and ", specs)} (../shared/spec beside the repository, or set {SpecDirVariable} to their folder)");
        if (!File.Exists(PrismPath)) missing.Add($"Prism at {PrismPath} (run `{InstallCommand}` in the repository root, as .ci/run does, or set {PrismVariable})");
        return missing.Count == 0 ? null : "Contract tests need " + string.Join(" and ", missing) + ". Under CI=true they fail instead of being skipped.";
    }

    private static string? FromEnvironment(string name)
    {
        var value = Environment.GetEnvironmentVariable(name);
        return string.IsNullOrWhiteSpace(value) ? null : Path.GetFullPath(value.Trim());
    }
}

/// <summary>
/// A fact that needs Prism and the specs: skipped with the reason when they are missing, except under CI,
/// where it runs and fails (xunit 2 has no dynamic skip, so the decision is made when tests are discovered).
/// </summary>
public sealed class ContractFactAttribute : FactAttribute
{
    public ContractFactAttribute()
    {
        if (!ContractEnvironment.IsCi && ContractEnvironment.MissingReason is { } reason) Skip = reason;
    }
}

/// <summary>The theory form of <see cref="ContractFactAttribute"/>.</summary>
public sealed class ContractTheoryAttribute : TheoryAttribute
{
    public ContractTheoryAttribute()
    {
        if (!ContractEnvironment.IsCi && ContractEnvironment.MissingReason is { } reason) Skip = reason;
    }
}
