using System.IO.Compression;
using System.Management.Automation;
using System.Xml.Linq;
using ConfluentCloud.Simulator;
using ConfluentPartner.Tests.Infrastructure;
using Xunit;

namespace ConfluentPartner.Tests;

/// <summary>
/// Runs the packaging route users and CI run (`dotnet pack` of the module project, on the module already built
/// by this test run) into a temporary folder, and reads the module's manifest for what the packages must say.
/// </summary>
public sealed class PackagedModule : IAsyncLifetime
{
    public string OutputDirectory { get; } = Path.Combine(Path.GetTempPath(), "cc-package-" + Guid.NewGuid().ToString("N"));
    public string ZipPath => Path.Combine(OutputDirectory, "ConfluentPartner.zip");
    public string ExtractedManifest => Path.Combine(OutputDirectory, "extracted", "ConfluentPartner", "ConfluentPartner.psd1");
    public string NupkgPath => Directory.GetFiles(OutputDirectory, "*.nupkg").Single();
    /// <summary>Test-ModuleManifest of the repo's manifest: Name, Version, ExportedCmdlets ...</summary>
    public PSObject Manifest { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var project = Path.Combine(ModuleHost.RepoRoot, "src", "ConfluentPartner", "ConfluentPartner.csproj");
        var pack = await DotnetCli.RunAsync(["pack", project, "-c", DotnetCli.Configuration, "--no-build", "--no-restore", "-o", OutputDirectory]);
        Assert.True(pack.ExitCode == 0, pack.ToString());
        ZipFile.ExtractToDirectory(ZipPath, Path.Combine(OutputDirectory, "extracted"));

        // The built module's manifest: the repo's ConfluentPartner.psd1, beside the files it names.
        var run = ModuleHost.Run($"Test-ModuleManifest -Path '{ModuleHost.ModuleManifest}'", importModule: false);
        Assert.Null(run.Terminating);
        Assert.Empty(run.Errors);
        Manifest = Assert.Single(run.Output);
    }

    public Task DisposeAsync()
    {
        try { Directory.Delete(OutputDirectory, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        return Task.CompletedTask;
    }
}

public class PackageTests : IClassFixture<PackagedModule>
{
    private readonly PackagedModule _package;

    public PackageTests(PackagedModule package) => _package = package;

    private string Version => _package.Manifest.Properties["Version"].Value.ToString()!;
    private IEnumerable<string> ExportedCmdlets => ((System.Collections.IDictionary)_package.Manifest.Properties["ExportedCmdlets"].Value).Keys.Cast<string>();

    [Fact]
    public void The_zip_for_Azure_Automation_holds_the_module_in_a_folder_named_like_the_zip_and_the_manifest()
    {
        using var zip = ZipFile.OpenRead(_package.ZipPath);
        var names = zip.Entries.Select(e => e.FullName).ToList();

        Assert.All(names, n => Assert.StartsWith("ConfluentPartner/", n));
        Assert.DoesNotContain(names, n => n.Contains('\\'));
        Assert.Contains("ConfluentPartner/ConfluentPartner.psd1", names);
        Assert.Contains("ConfluentPartner/ConfluentPartner.dll", names);
        Assert.Contains("ConfluentPartner/ConfluentPartner.format.ps1xml", names);
        Assert.Contains("ConfluentPartner/Dependencies/ConfluentPartner.Client.dll", names);
        Assert.Contains("ConfluentPartner/Dependencies/System.Text.Json.dll", names);
        Assert.Contains("ConfluentPartner/Dependencies/Microsoft.Extensions.Http.dll", names);
        // Next to the manifest, only the cmdlet assembly: anything else there would escape the isolation.
        Assert.Equal(["ConfluentPartner/ConfluentPartner.dll"], names.Where(n => n.Count(c => c == '/') == 1 && n.EndsWith(".dll")));
        Assert.DoesNotContain(names, n => n.EndsWith("System.Management.Automation.dll") || n.EndsWith(".pdb"));
    }

    [Fact]
    public void The_manifest_inside_the_zip_passes_Test_ModuleManifest_and_matches_the_assembly()
    {
        var run = ModuleHost.Run($"Test-ModuleManifest -Path '{_package.ExtractedManifest}'", importModule: false);
        Assert.Empty(run.Errors);
        var manifest = Assert.Single(run.Output);
        Assert.Equal("ConfluentPartner", manifest.Properties["Name"].Value);
        Assert.Equal(Version, manifest.Properties["Version"].Value.ToString());
        Assert.Equal(ExportedCmdlets.OrderBy(n => n), ((System.Collections.IDictionary)manifest.Properties["ExportedCmdlets"].Value).Keys.Cast<string>().OrderBy(n => n));

        // Get-Module shows the manifest's version; the DLL a support case looks at should say the same.
        var dll = System.Reflection.AssemblyName.GetAssemblyName(Path.Combine(Path.GetDirectoryName(_package.ExtractedManifest)!, "ConfluentPartner.dll"));
        Assert.Equal(Version, new Version(dll.Version!.Major, dll.Version.Minor, dll.Version.Build).ToString());
    }

    [Fact]
    public async Task The_zipped_module_imports_and_invites_in_a_fresh_PowerShell_process()
    {
        await using var sim = await CloudSimulator.StartAsync();
        var (_, report) = await IsolationHost.RunAsync(_package.ExtractedManifest, sim, "from-zip@example.com");
        var step = report.GetProperty("Steps")[0];
        Assert.Empty(step.GetProperty("Errors").EnumerateArray());
        Assert.StartsWith("from-zip@example.com|i-", Assert.Single(step.GetProperty("Output").EnumerateArray()).GetString());
        Assert.Equal("from-zip@example.com", Assert.Single(sim.Invitations).Email);
    }

    [Fact]
    public void The_nupkg_is_a_PowerShellGet_package_whose_id_version_and_tags_follow_the_manifest()
    {
        Assert.Equal($"ConfluentPartner.{Version}.nupkg", Path.GetFileName(_package.NupkgPath));
        using var nupkg = ZipFile.OpenRead(_package.NupkgPath);
        var names = nupkg.Entries.Select(e => e.FullName).ToList();
        // Module files at the package root, as Publish-Module lays them out; nothing in lib/.
        Assert.Contains("ConfluentPartner.psd1", names);
        Assert.Contains("ConfluentPartner.dll", names);
        Assert.Contains("ConfluentPartner.format.ps1xml", names);
        Assert.Contains("Dependencies/ConfluentPartner.Client.dll", names);
        Assert.DoesNotContain(names, n => n.StartsWith("lib/", StringComparison.OrdinalIgnoreCase));

        using var nuspecStream = nupkg.GetEntry("ConfluentPartner.nuspec")!.Open();
        var metadata = XDocument.Load(nuspecStream).Root!.Elements().Single(e => e.Name.LocalName == "metadata");
        string Field(string name) => metadata.Elements().Single(e => e.Name.LocalName == name).Value;
        Assert.Equal("ConfluentPartner", Field("id"));
        Assert.Equal(Version, Field("version"));
        Assert.Equal(_package.Manifest.Properties["Author"].Value, Field("authors"));
        Assert.Equal(_package.Manifest.Properties["Description"].Value, Field("description"));
        var tags = Field("tags").Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains("PSModule", tags);
        Assert.Contains("PSIncludes_Cmdlet", tags);
        Assert.Contains("PSEdition_Desktop", tags);
        Assert.Contains("PSEdition_Core", tags);
        Assert.NotEmpty(ExportedCmdlets);
        foreach (var cmdlet in ExportedCmdlets)
        {
            Assert.Contains("PSCmdlet_" + cmdlet, tags);
            Assert.Contains("PSCommand_" + cmdlet, tags);
        }
    }
}
