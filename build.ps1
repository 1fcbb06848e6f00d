<#
.SYNOPSIS
    Builds, tests, demonstrates and packages the ConfluentPartner module.

.DESCRIPTION
    Runs on Windows PowerShell 5.1 and PowerShell 7.4+, on Windows, Linux and macOS. Needs the .NET SDK named in
    global.json (10.0) on PATH as `dotnet`. Without pwsh, the repository's own PowerShell (a local .NET tool) runs it:
        dotnet tool restore
        dotnet pwsh ./build.ps1 -Task Demo

    Build    dotnet build ConfluentPartner.sln -c Release. The importable module is out/ConfluentPartner/.
    Test     Build, then dotnet test ConfluentPartner.sln (xunit: the cmdlets in a hosted engine), then the Pester suite
             tests/pester in a child PowerShell with Pester 5.9.1 restored from NuGet (tests/PesterRestore, into the
             ignored .tools/packages); from Windows PowerShell 5.1 that child is the repository's pwsh 7.6.9
             (dotnet pwsh), as the suite is written for PowerShell 7. Prints Pester's counts as "N passed, N failed, N skipped", fails when either
             suite fails, and fails when a simulator or Prism process of this repository outlives the tests.
    Demo     Build, start the Confluent Cloud simulator on a free 127.0.0.1 port, pipe examples/invitations.csv into
             New-CcIamInvitation in a child PowerShell, show the result table and the bad row's ErrorRecord, stop the
             simulator.
    Package  artifacts/ConfluentPartner.zip (for Azure Automation: Modules > Add a module) and
             artifacts/ConfluentPartner.<version>.nupkg (for a PowerShell repository: Publish-PSResource -NupkgPath).

    Pester and the demo run in a child PowerShell of the same kind as this one (powershell.exe for Windows
    PowerShell, pwsh for PowerShell 7 however it was installed), so this session never loads the module's DLLs and
    the next build can overwrite them (Windows locks loaded DLLs).

.PARAMETER Task
    Build (the default), Test, Demo or Package.

.PARAMETER NoBuild
    Test, Demo, Package: use what the last Build made instead of building first.

.PARAMETER TestFilter
    Test: run only the xunit tests this `dotnet test --filter` expression selects.

.PARAMETER PesterPath
    Test: run only these Pester files or folders (default: tests/pester).

.EXAMPLE
    dotnet tool restore; dotnet pwsh ./build.ps1 -Task Test

.EXAMPLE
    ./build.ps1 -Task Test -NoBuild -TestFilter 'FullyQualifiedName~Runbook' -PesterPath tests/pester/Runbook.Tests.ps1
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Test', 'Demo', 'Package')]
    [string] $Task = 'Build',

    [switch] $NoBuild,

    [string] $TestFilter,

    [string[]] $PesterPath
)

Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

$RepoRoot = $PSScriptRoot
$Solution = Join-Path $RepoRoot 'ConfluentPartner.sln'
$ModuleProject = Join-Path $RepoRoot 'src/ConfluentPartner/ConfluentPartner.csproj'
$SimulatorDll = Join-Path $RepoRoot 'tests/ConfluentCloud.Simulator/bin/Release/net10.0/ConfluentCloud.Simulator.dll'
$PesterRestoreProject = Join-Path $RepoRoot 'tests/PesterRestore/PesterRestore.csproj'
$PesterVersion = '5.9.1'
$PesterManifest = Join-Path $RepoRoot ".tools/packages/pester/$PesterVersion/tools/Pester.psd1"
$ModuleManifest = Join-Path $RepoRoot 'out/ConfluentPartner/ConfluentPartner.psd1'
$PesterTests = Join-Path $RepoRoot 'tests/pester'
$Artifacts = Join-Path $RepoRoot 'artifacts'

# The simulator's default credentials (tests/ConfluentCloud.Simulator/SimulatorOptions.cs); it prints them on start.
$SimulatorApiKey = 'SIMKEY0123456789'
$SimulatorApiSecret = 'sim-secret-0123456789abcdefghij'

function Invoke-Dotnet {
    param([Parameter(Mandatory = $true)] [string[]] $Arguments)

    Write-Host ('dotnet ' + ($Arguments -join ' ')) -ForegroundColor Cyan
    # dotnet's own diagnostics on stderr are not PowerShell errors; its exit code says whether it worked.
    $ErrorActionPreference = 'Continue'
    & dotnet @Arguments
    $exitCode = $LASTEXITCODE
    $ErrorActionPreference = 'Stop'
    if ($exitCode -ne 0) {
        throw "dotnet $($Arguments[0]) failed (exit code $exitCode)."
    }
}

function ConvertTo-PowerShellLiteral {
    param([Parameter(Mandatory = $true)] [AllowEmptyString()] [string] $Text)
    "'" + $Text.Replace("'", "''") + "'"
}

# The PowerShell that runs this script, as a program and the arguments that go before its own. The process is not
# always PowerShell's own executable: `dotnet pwsh` (the local tool) runs pwsh.dll inside the dotnet host.
function Get-ChildPowerShellCommand {
    if ($PSVersionTable.PSEdition -eq 'Desktop') {
        # Windows PowerShell 5.1: powershell.exe lives in $PSHOME.
        return @{ FilePath = (Join-Path $PSHOME 'powershell.exe'); Arguments = @() }
    }
    $processPath = $null
    if ($null -ne [System.Environment].GetProperty('ProcessPath')) {
        $processPath = [System.Environment]::ProcessPath   # .NET 6 and later (PowerShell 7.2+)
    }
    if ([string]::IsNullOrEmpty($processPath)) {
        $processPath = (Get-Process -Id $PID).Path
    }
    if ([System.IO.Path]::GetFileNameWithoutExtension($processPath) -eq 'pwsh') {
        # An OS package, the MSI, a zip, or the global tool's shim.
        return @{ FilePath = $processPath; Arguments = @() }
    }
    $dll = Join-Path $PSHOME 'pwsh.dll'
    if ([System.IO.Path]::GetFileNameWithoutExtension($processPath) -eq 'dotnet' -and (Test-Path -LiteralPath $dll)) {
        # The .NET tool: the dotnet host running pwsh.dll.
        return @{ FilePath = $processPath; Arguments = @($dll) }
    }
    # Another host embedding PowerShell (an editor's, say): the pwsh beside its files.
    foreach ($name in @('pwsh', 'pwsh.exe')) {
        $candidate = Join-Path $PSHOME $name
        if (Test-Path -LiteralPath $candidate -PathType Leaf) { return @{ FilePath = $candidate; Arguments = @() } }
    }
    throw "Cannot tell how to start PowerShell again: this process is '$processPath' and `$PSHOME ($PSHOME) has no pwsh."
}

# Runs a script in a new powershell.exe/pwsh (of the kind that runs this one, unless -Shell names another), so the
# module loads there, not here.
# Returns the child's exit code; its output goes to the host as text.
function Invoke-ChildPowerShell {
    param([Parameter(Mandatory = $true)] [string] $Script, [hashtable] $Shell)

    $command = $Shell
    if ($null -eq $command) { $command = Get-ChildPowerShellCommand }
    $encoded = [Convert]::ToBase64String([System.Text.Encoding]::Unicode.GetBytes($Script))
    # -OutputFormat Text: with -EncodedCommand and a redirected output, PowerShell would otherwise write its
    # information and error streams as CLIXML.
    $arguments = @($command.Arguments) + @('-NoProfile', '-NonInteractive', '-ExecutionPolicy', 'Bypass',
        '-OutputFormat', 'Text', '-EncodedCommand', $encoded)
    $ErrorActionPreference = 'Continue'
    # Out-Host: the child's output is shown, not returned with the exit code.
    & $command.FilePath @arguments 2>&1 | ForEach-Object { "$_" } | Out-Host
    $exitCode = $LASTEXITCODE
    $ErrorActionPreference = 'Stop'
    return $exitCode
}

function Stop-ProcessTree {
    param([Parameter(Mandatory = $true)] [System.Diagnostics.Process] $Process)

    try {
        if (-not $Process.HasExited) {
            if ($PSVersionTable.PSEdition -eq 'Desktop') {
                $ErrorActionPreference = 'Continue'
                & taskkill.exe /PID $Process.Id /T /F 2>&1 | Out-Null
                $ErrorActionPreference = 'Stop'
            }
            else {
                $Process.Kill($true)
            }
            $null = $Process.WaitForExit(10000)
        }
    }
    finally {
        $Process.Dispose()
    }
}

# Starts the built simulator on a port the OS picks (127.0.0.1 only) and returns its process and base URI. The
# process is ours: its output is read here (never shared with our stdout), and it is stopped if the start fails.
function Start-Simulator {
    if (-not (Test-Path -LiteralPath $SimulatorDll)) {
        throw "$SimulatorDll does not exist: run ./build.ps1 -Task Build first."
    }
    $start = New-Object System.Diagnostics.ProcessStartInfo
    $start.FileName = 'dotnet'
    $start.Arguments = '"' + $SimulatorDll + '" --urls http://127.0.0.1:0'
    $start.UseShellExecute = $false
    $start.CreateNoWindow = $true
    $start.RedirectStandardInput = $true
    $start.RedirectStandardOutput = $true
    $start.RedirectStandardError = $true
    $process = [System.Diagnostics.Process]::Start($start)
    try {
        $stderr = $process.StandardError.ReadToEndAsync()
        $firstLine = $process.StandardOutput.ReadLineAsync()
        if (-not $firstLine.Wait(60000)) {
            throw 'The simulator did not start within 60 seconds.'
        }
        if ($null -eq $firstLine.Result -or $firstLine.Result -notmatch 'listening on (http://127\.0\.0\.1:\d+)') {
            $null = $process.WaitForExit(5000)
            throw "The simulator did not start: $($firstLine.Result) $(if ($stderr.IsCompleted) { $stderr.Result })"
        }
        $baseUri = $Matches[1]
        # Keep reading what it prints, so it never blocks on a full pipe.
        $null = $process.StandardOutput.ReadToEndAsync()
    }
    catch {
        Stop-ProcessTree -Process $process
        throw
    }
    Write-Host "Started the Confluent Cloud simulator on $baseUri (process $($process.Id))." -ForegroundColor Cyan
    [pscustomobject]@{ Process = $process; BaseUri = $baseUri }
}

# On Linux a killed process stays listed until it is reaped; it is not running.
function Test-Zombie {
    param([Parameter(Mandatory = $true)] [int] $ProcessId)
    $stat = "/proc/$ProcessId/stat"
    if (-not (Test-Path -LiteralPath $stat)) { return $false }
    $state = (Get-Content -LiteralPath $stat -Raw -ErrorAction SilentlyContinue) -replace '^.*\)\s+', ''
    return ($state -like 'Z*' -or $state -like 'X*')
}

# Processes of this checkout that tests start and must stop: the simulator and Prism.
function Get-TestServerProcess {
    $roots = @($RepoRoot, $RepoRoot.Replace('\', '/'))
    if ($PSVersionTable.PSEdition -eq 'Desktop') {
        $all = Get-CimInstance -ClassName Win32_Process | ForEach-Object {
            [pscustomobject]@{ Id = $_.ProcessId; CommandLine = $_.CommandLine } }
    }
    else {
        $all = Get-Process | ForEach-Object { [pscustomobject]@{ Id = $_.Id; CommandLine = $_.CommandLine } }
    }
    @($all | Where-Object {
            $line = [string]$_.CommandLine
            $_.Id -ne $PID -and ($line -match 'ConfluentCloud\.Simulator' -or $line -match 'prism') -and
            @($roots | Where-Object { $line.Contains($_) }).Count -gt 0 -and -not (Test-Zombie -ProcessId $_.Id)
        })
}

function Invoke-Build {
    if ($NoBuild) { return }
    Invoke-Dotnet -Arguments @('build', $Solution, '-c', 'Release')
    Write-Host "Module: $ModuleManifest" -ForegroundColor Green
}

function Invoke-Test {
    Invoke-Build
    Invoke-Dotnet -Arguments @('restore', $PesterRestoreProject)
    $before = @(Get-TestServerProcess | ForEach-Object { $_.Id })

    $xunit = @('test', $Solution, '-c', 'Release', '--no-build')
    if ($TestFilter) { $xunit += @('--filter', $TestFilter) }
    $xunitFailure = $null
    try { Invoke-Dotnet -Arguments $xunit } catch { $xunitFailure = $_.Exception.Message }

    $paths = @($PesterTests)
    if ($PesterPath) { $paths = @($PesterPath | ForEach-Object { (Resolve-Path -LiteralPath $_).ProviderPath }) }
    $pathList = ($paths | ForEach-Object { ConvertTo-PowerShellLiteral $_ }) -join ', '
    Write-Host "Invoke-Pester $($paths -join ', ') (Pester $PesterVersion)" -ForegroundColor Cyan
    $script = @"
`$ErrorActionPreference = 'Stop'
`$ProgressPreference = 'SilentlyContinue'
if (`$null -ne (Get-Variable -Name PSStyle -ErrorAction SilentlyContinue)) { `$PSStyle.OutputRendering = 'PlainText' }
Import-Module -Name $(ConvertTo-PowerShellLiteral $PesterManifest)
`$configuration = New-PesterConfiguration
`$configuration.Run.Path = @($pathList)
`$configuration.Run.PassThru = `$true
`$configuration.Output.Verbosity = 'Detailed'
`$configuration.Output.RenderMode = 'Plaintext'
`$result = Invoke-Pester -Configuration `$configuration
Write-Host ''
Write-Host ('PowerShell {0}, Pester {1}' -f `$PSVersionTable.PSVersion, (Get-Module -Name Pester).Version)
Write-Host ('{0} passed, {1} failed, {2} skipped' -f `$result.PassedCount, `$result.FailedCount, `$result.SkippedCount)
if (`$result.FailedBlocksCount -gt 0 -or `$result.FailedContainersCount -gt 0) {
    Write-Host ('{0} blocks and {1} files failed outside a test (BeforeAll, AfterAll or discovery).' -f `$result.FailedBlocksCount, `$result.FailedContainersCount)
}
if (`$result.Result -ne 'Passed') { exit 1 }
exit 0
"@
    $pwsh = $null
    if ($PSVersionTable.PSEdition -eq 'Desktop') {
        # The suite is written for PowerShell 7 (ForEach-Object -Parallel, $PSStyle, ...): from Windows PowerShell it
        # runs in the repository's pwsh 7.6.9.
        Invoke-Dotnet -Arguments @('tool', 'restore')
        $pwsh = @{ FilePath = 'dotnet'; Arguments = @('pwsh') }
    }
    $pesterExitCode = Invoke-ChildPowerShell -Script $script -Shell $pwsh

    $failures = @()
    if ($xunitFailure) { $failures += "xunit: $xunitFailure" }
    if ($pesterExitCode -ne 0) { $failures += "Pester: the suite failed (exit code $pesterExitCode)." }
    $leftover = @(Get-TestServerProcess | Where-Object { $before -notcontains $_.Id })
    if ($leftover.Count -gt 0) {
        $failures += 'Processes the tests started are still running: ' +
            (($leftover | ForEach-Object { "$($_.Id) $($_.CommandLine)" }) -join '; ')
        foreach ($process in $leftover) { Stop-Process -Id $process.Id -Force -ErrorAction SilentlyContinue }
    }
    else {
        Write-Host 'No simulator or Prism process outlived the tests.' -ForegroundColor Green
    }
    if ($failures.Count -gt 0) {
        throw ($failures -join [Environment]::NewLine)
    }
}

function Invoke-Demo {
    Invoke-Build
    $simulator = Start-Simulator
    try {
        $csv = Join-Path $RepoRoot 'examples/invitations.csv'
        $baseUri = $simulator.BaseUri
        $script = @"
`$ErrorActionPreference = 'Continue'
`$ProgressPreference = 'SilentlyContinue'
# The demo's output is read as text (a terminal, a CI log): no colour codes in it.
if (`$null -ne (Get-Variable -Name PSStyle -ErrorAction SilentlyContinue)) { `$PSStyle.OutputRendering = 'PlainText' }
Import-Module -Name $(ConvertTo-PowerShellLiteral $ModuleManifest) -ErrorAction Stop
# The simulator's well-known test key; a runbook takes Get-AutomationPSCredential instead.
`$credential = New-Object System.Management.Automation.PSCredential($(ConvertTo-PowerShellLiteral $SimulatorApiKey), (ConvertTo-SecureString $(ConvertTo-PowerShellLiteral $SimulatorApiSecret) -AsPlainText -Force))
Set-Location -LiteralPath $(ConvertTo-PowerShellLiteral $RepoRoot)
# The command runs as typed, so the ErrorRecord points at the line the reader sees.
`$command = '`$invited = Import-Csv examples/invitations.csv | New-CcIamInvitation -BaseUri $baseUri -Credential `$credential -ErrorVariable failed -ErrorAction SilentlyContinue'
Write-Host ''
Write-Host 'The row "not-an-email" is wrong on purpose: every other row is invited, and that one comes back as an ErrorRecord naming -Email.'
Write-Host "PS> `$command"
`$failed = `$null
. ([scriptblock]::Create(`$command))
`$invited = @(`$invited)
# Wide enough for every column whatever the console is (a redirected child PowerShell formats for 120).
`$invited | Format-Table -AutoSize | Out-String -Width 250 | ForEach-Object { `$_.TrimEnd() } | Write-Host
Write-Host ''
`$failed | Out-String -Width 250 | ForEach-Object { `$_.Trim() } | Write-Host
Write-Host ''
Write-Host ('{0} invited, {1} failed. The failed rows, for a re-run: `$failed.TargetObject | Export-Csv retry.csv -NoTypeInformation' -f `$invited.Count, `$failed.Count)
if (`$invited.Count -eq 0) { exit 1 }
exit 0
"@
        $exitCode = Invoke-ChildPowerShell -Script $script
        if ($exitCode -ne 0) {
            throw "The demo failed (exit code $exitCode)."
        }
    }
    finally {
        Write-Host 'Stopping the simulator.' -ForegroundColor Cyan
        Stop-ProcessTree -Process $simulator.Process
    }
}

function Invoke-Package {
    $pack = @('pack', $ModuleProject, '-c', 'Release', '-o', $Artifacts)
    if ($NoBuild) { $pack += '--no-build' }
    Invoke-Dotnet -Arguments $pack
    Get-ChildItem -Path $Artifacts -File | Where-Object { $_.Extension -eq '.zip' -or $_.Extension -eq '.nupkg' } |
        ForEach-Object { Write-Host "Package: $($_.FullName)" -ForegroundColor Green }
}

if ($null -eq (Get-Command -Name dotnet -CommandType Application -ErrorAction SilentlyContinue)) {
    throw 'dotnet was not found on PATH: install the .NET SDK 10 (https://dot.net) and try again.'
}

switch ($Task) {
    'Build' { Invoke-Build }
    'Test' { Invoke-Test }
    'Demo' { Invoke-Demo }
    'Package' { Invoke-Package }
}
