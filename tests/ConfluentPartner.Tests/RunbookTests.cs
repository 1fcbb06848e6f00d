using System.Management.Automation;
using ConfluentCloud.Simulator;
using ConfluentPartner.Tests.Infrastructure;
using Xunit;

namespace ConfluentPartner.Tests;

/// <summary>
/// examples/runbook-invite-users.ps1 run as an Azure Automation job would run it, against the simulator. The hosted
/// engine has neither Azure Automation nor Microsoft.PowerShell.Utility/Management, so the commands the runbook takes
/// from them get minimal stand-ins (below); the runbook itself and the module are the real ones.
/// </summary>
public class RunbookTests
{
    private static readonly string Runbook = Path.Combine(ModuleHost.RepoRoot, "examples", "runbook-invite-users.ps1");

    /// <summary>Stand-ins: the Automation credential asset, and CSV files with double-quoted fields.</summary>
    private const string StandIns = """
        function Get-AutomationPSCredential { param([string] $Name) if ($Name -eq 'ConfluentCloudApiKey') { $AutomationCredential } }
        function Test-Path { param([string] $LiteralPath, [string] $PathType) [System.IO.File]::Exists($LiteralPath) }
        function Write-Verbose { param([string] $Message) }
        function Write-Output { param([Parameter(ValueFromPipeline = $true)] $InputObject) process { $InputObject } }
        function ConvertTo-CsvLine { param($Values) ($Values | ForEach-Object { '"' + ([string]$_).Replace('"', '""') + '"' }) -join ',' }
        function ConvertTo-Csv {
            param([Parameter(ValueFromPipeline = $true)] $InputObject, [switch] $NoTypeInformation)
            begin { $first = $true }
            process {
                if ($first) { ConvertTo-CsvLine ($InputObject.PSObject.Properties | ForEach-Object { $_.Name }); $first = $false }
                ConvertTo-CsvLine ($InputObject.PSObject.Properties | ForEach-Object { $_.Value })
            }
        }
        function Export-Csv {
            param([Parameter(ValueFromPipeline = $true)] $InputObject, [string] $LiteralPath, [switch] $NoTypeInformation, [string] $Encoding)
            begin { $rows = [System.Collections.Generic.List[object]]::new() }
            process { $rows.Add($InputObject) }
            end { [System.IO.File]::WriteAllLines($LiteralPath, [string[]]@($rows | ConvertTo-Csv)) }
        }
        function Import-Csv {
            param([string] $LiteralPath)
            $cells = { param($line) [regex]::Matches($line, '(?<=^|,)(?:"((?:[^"]|"")*)"|([^,]*))') | ForEach-Object { if ($_.Groups[1].Success) { $_.Groups[1].Value.Replace('""', '"') } else { $_.Groups[2].Value } } }
            $lines = [System.IO.File]::ReadAllLines($LiteralPath)
            $headers = @(& $cells $lines[0])
            foreach ($line in $lines[1..($lines.Count - 1)]) {
                $values = @(& $cells $line)
                $row = [ordered]@{}
                for ($i = 0; $i -lt $headers.Count; $i++) { $row[$headers[$i]] = $values[$i] }
                [pscustomobject]$row
            }
        }
        """;

    private static string WriteCsv(params string[] lines)
    {
        var path = Path.Combine(Path.GetTempPath(), "cc-runbook-" + Guid.NewGuid().ToString("N"), "users.csv");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllLines(path, lines);
        return path;
    }

    /// <summary>The runbook as a job starts it: parameters only, the default endpoint pointed at the simulator per runspace.</summary>
    private static PsRun RunRunbook(CloudSimulator sim, string csvPath, PSCredential credential, CapturingHost? host = null) =>
        ModuleHost.Run(StandIns + """

            $PSDefaultParameterValues['New-CcIamInvitation:BaseUri'] = $BaseUri
            & $Runbook -CsvPath $CsvPath
            """,
            sim.Vars(("Runbook", Runbook), ("CsvPath", csvPath), ("AutomationCredential", credential)),
            host: host);

    private static void AssertSummary(PSObject summary, int rows, int invited, int alreadyInvited, int failed)
    {
        Assert.Equal(rows, summary.Properties["Rows"].Value);
        Assert.Equal(invited, summary.Properties["Invited"].Value);
        Assert.Equal(alreadyInvited, summary.Properties["AlreadyInvited"].Value);
        Assert.Equal(failed, summary.Properties["Failed"].Value);
    }

    [Fact]
    public async Task Invites_the_rows_summarises_writes_failed_rows_for_a_re_run_and_a_re_run_converges()
    {
        await using var sim = await CloudSimulator.StartAsync();
        sim.SeedInvitation("already@example.com");
        var csv = WriteCsv("email,auth_type", "ann@example.com,Local", "already@example.com,", "not-an-email,Local", " ben@example.com ,SSO");
        var credential = ModuleHost.Credential(sim.Options.ApiKey, sim.Options.ApiSecret);
        var host = new CapturingHost();

        var first = RunRunbook(sim, csv, credential, host);

        Assert.Null(first.Terminating);
        Assert.Equal(0, host.Prompts);
        // The bad row is one error in the job's Errors stream; the others are invited.
        var error = Assert.Single(first.Errors);
        Assert.Equal("invalid_email,ConfluentPartner.Commands.NewCcIamInvitationCommand", error.FullyQualifiedErrorId);
        AssertSummary(first.Output[0], rows: 4, invited: 2, alreadyInvited: 1, failed: 1);
        Assert.Equal(new[] { "already@example.com", "ann@example.com", "ben@example.com" }, sim.Invitations.Select(i => i.Email).OrderBy(e => e));

        // The failed row, as read plus why, in a file beside the input and in the job output.
        var failedPath = Path.ChangeExtension(csv, ".failed.csv");
        Assert.Equal(failedPath, first.Output[0].Properties["FailedRowsPath"].Value);
        var failedFile = File.ReadAllLines(failedPath);
        Assert.Equal("\"email\",\"auth_type\",\"error\"", failedFile[0]);
        Assert.StartsWith("\"not-an-email\",\"Local\",\"", failedFile[1]);
        Assert.Contains("-Email", failedFile[1]);
        Assert.Equal(2, failedFile.Length);
        Assert.Equal(failedFile, first.Output.Skip(2).Select(o => o.ToString()));

        // Re-run on the same file: nothing is invited twice.
        var again = RunRunbook(sim, csv, credential);
        Assert.Null(again.Terminating);
        AssertSummary(again.Output[0], rows: 4, invited: 0, alreadyInvited: 3, failed: 1);
        Assert.Equal(3, sim.Invitations.Count);

        // The failed-rows file is itself valid input: its error column is ignored by the cmdlet and replaced, not doubled.
        var retry = RunRunbook(sim, failedPath, credential);
        Assert.Null(retry.Terminating);
        AssertSummary(retry.Output[0], rows: 1, invited: 0, alreadyInvited: 0, failed: 1);
        Assert.Equal("\"email\",\"auth_type\",\"error\"", File.ReadAllLines(Path.ChangeExtension(failedPath, ".failed.csv"))[0]);
    }

    [Fact]
    public async Task A_wrong_API_secret_fails_the_job_after_one_request_instead_of_failing_every_row()
    {
        await using var sim = await CloudSimulator.StartAsync();
        var csv = WriteCsv("email,auth_type", "a@example.com,", "b@example.com,", "c@example.com,");

        var run = RunRunbook(sim, csv, ModuleHost.Credential(sim.Options.ApiKey, "wrong-secret"));

        Assert.NotNull(run.Terminating);
        Assert.Equal("user_unauthenticated,ConfluentPartner.Commands.NewCcIamInvitationCommand", run.Terminating!.ErrorRecord.FullyQualifiedErrorId);
        Assert.Empty(run.Output);
        Assert.Equal(1, sim.ApiRequests("POST", "/iam/v2/invitations"));
    }
}
