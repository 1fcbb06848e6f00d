using Xunit;

namespace ConfluentPartner.Tests.Contract;

[CollectionDefinition(Name)]
public sealed class PrismCollection : ICollectionFixture<PrismFixture>
{
    /// <summary>One collection: its tests run one after another, so each may reset and read the shared recorders.</summary>
    public const string Name = "Prism contract";
}

/// <summary>One Prism per published spec for the whole contract collection, stopped (process tree killed) at the end.</summary>
public sealed class PrismFixture : IAsyncLifetime
{
    /// <summary>
    /// The published partner spec's organization-name pattern escapes a double quote (<c>\"</c>). JavaScript regexes
    /// with the unicode flag reject that escape, and Prism then silently skips body validation of
    /// <c>POST /partner/v2/signup</c> and <c>/signup/link</c> (it accepts even <c>{}</c>). The test copy uses the same
    /// character class without the escape.
    /// </summary>
    public const string PublishedNamePattern = @"pattern: ^[^<>#%'*^`{|}~\""]{1,31}$";
    public const string PrismNamePattern = @"pattern: ^[^<>#%'*^`{|}~""]{1,31}$";

    private DirectoryInfo? _work;
    private PrismServer? _iam;
    private PrismServer? _partner;

    public PrismServer Iam => _iam ?? throw NotStarted();
    public PrismServer Partner => _partner ?? throw NotStarted();

    public async Task InitializeAsync()
    {
        if (ContractEnvironment.MissingReason is { } reason)
        {
            if (ContractEnvironment.IsCi) throw new InvalidOperationException(reason);
            return; // every test in the collection is skipped with the reason
        }

        _work = Directory.CreateTempSubdirectory("confluent-contract-");
        var partnerSpec = WritePartnerSpecForPrism(ContractEnvironment.PartnerSpec, _work.FullName);
        var iam = PrismServer.StartAsync(ContractEnvironment.PrismPath, ContractEnvironment.IamSpec, "iam/v2", _work.FullName);
        var partner = PrismServer.StartAsync(ContractEnvironment.PrismPath, partnerSpec, "partner/v2", _work.FullName);
        try
        {
            await Task.WhenAll(iam, partner);
        }
        catch
        {
            if (iam.IsCompletedSuccessfully) await iam.Result.DisposeAsync();
            if (partner.IsCompletedSuccessfully) await partner.Result.DisposeAsync();
            throw;
        }
        _iam = iam.Result;
        _partner = partner.Result;
    }

    /// <summary>A copy of the partner spec with only the organization-name escape changed.</summary>
    public static string WritePartnerSpecForPrism(string publishedSpec, string folder)
    {
        var text = File.ReadAllText(publishedSpec);
        var copy = Path.Combine(folder, Path.GetFileName(publishedSpec));
        File.WriteAllText(copy, text.Replace(PublishedNamePattern, PrismNamePattern, StringComparison.Ordinal));
        return copy;
    }

    public async Task DisposeAsync()
    {
        if (_iam != null) await _iam.DisposeAsync();
        if (_partner != null) await _partner.DisposeAsync();
        try { _work?.Delete(recursive: true); }
        catch (IOException) { }
    }

    private static InvalidOperationException NotStarted() =>
        new("Prism was not started: " + (ContractEnvironment.MissingReason ?? "see the collection fixture's error."));
}
