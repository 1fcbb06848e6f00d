<#
.SYNOPSIS
    Builds, tests, demonstrates and packages the ConfluentPartner module.

.DESCRIPTION
    Runs on Windows PowerShell 5.1 and PowerShell 7.4+, on Windows, Linux and macOS. Needs the .NET SDK named in
    global.json (10.0) on PATH as `dotnet`.

    Build    dotnet build ConfluentPartner.sln -c Release. The importable module is out/ConfluentPartner/.
    Test     dotnet test ConfluentPartner.sln (xunit, the real PowerShell engine against the loopback simulator),
             then Invoke-Pester tests/pester when Pester 5 or later is installed.
    Demo     Builds, starts the Confluent Cloud simulator on http://127.0.0.1:5099, pipes examples/invitations.csv
             into New-CcIamInvitation and shows the result table, then stops the simulator.
    Package  artifacts/ConfluentPartner.zip (for Azure Automation: Modules > Add a module) and
             artifacts/ConfluentPartner.<version>.nupkg (for a PowerShell repository: Publish-PSResource -NupkgPath).

    Pester and the demo run in a child PowerShell of the same edition, so this session never loads the module's
    DLLs and the next build can overwrite them (Windows locks loaded DLLs).

.PARAMETER Task
    Build (the default), Test, Demo or Package.

.EXAMPLE
    ./build.ps1 -Task Demo

.EXAMPLE
    ./build.ps1 -Task Package
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Test', 'Demo', 'Package')]
    [string] $Task = 'Build'
)

Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

$RepoRoot = $PSScriptRoot
$Solution = Join-Path $RepoRoot 'ConfluentPartner.sln'
$ModuleProject = Join-Path $RepoRoot 'src/ConfluentPartner/ConfluentPartner.csproj'
$SimulatorProject = Join-Path $RepoRoot 'tests/ConfluentCloud.Simulator'
$ModuleManifest = Join-Path $RepoRoot 'out/ConfluentPartner/ConfluentPartner.psd1'
$PesterTests = Join-Path $RepoRoot 'tests/pester'
$Artifacts = Join-Path $RepoRoot 'artifacts'

# The simulator's default credentials (tests/ConfluentCloud.Simulator/SimulatorOptions.cs); it prints them on start.
$SimulatorPort = 5099
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

# Runs a script in a new powershell.exe/pwsh (whichever runs this one), so the module loads there, not here.
function Invoke-ChildPowerShell {
    param([Parameter(Mandatory = $true)] [string] $Script)

    $executable = (Get-Process -Id $PID).Path
    $encoded = [Convert]::ToBase64String([System.Text.Encoding]::Unicode.GetBytes($Script))
    $ErrorActionPreference = 'Continue'
    # Out-Host: the child's output is shown, not returned with the exit code.
    & $executable -NoProfile -NonInteractive -ExecutionPolicy Bypass -EncodedCommand $encoded | Out-Host
    $exitCode = $LASTEXITCODE
    $ErrorActionPreference = 'Stop'
    return $exitCode
}

function Test-LoopbackPort {
    param([Parameter(Mandatory = $true)] [int] $Port)

    $client = New-Object System.Net.Sockets.TcpClient
    try {
        $client.Connect('127.0.0.1', $Port)
        return $true
    }
    catch {
        return $false
    }
    finally {
        $client.Close()
    }
}

function Start-Simulator {
    if (Test-LoopbackPort -Port $SimulatorPort) {
        throw "Port $SimulatorPort on 127.0.0.1 is already in use: stop whatever listens there (an earlier demo's simulator?) and try again."
    }
    $logDirectory = Join-Path $RepoRoot 'out'
    $null = New-Item -ItemType Directory -Path $logDirectory -Force
    $stdout = Join-Path $logDirectory 'simulator.log'
    $stderr = Join-Path $logDirectory 'simulator.err.log'
    $baseUri = "http://127.0.0.1:$SimulatorPort"
    # Start-Process joins the arguments with spaces: quote the path, it may contain some.
    $arguments = @('run', '--project', ('"' + $SimulatorProject + '"'), '-c', 'Release', '--no-build', '--', '--urls', $baseUri)
    Write-Host "Starting the Confluent Cloud simulator on $baseUri (log: $stdout)" -ForegroundColor Cyan
    $process = Start-Process -FilePath 'dotnet' -ArgumentList $arguments -NoNewWindow -PassThru `
        -RedirectStandardOutput $stdout -RedirectStandardError $stderr

    $deadline = (Get-Date).AddSeconds(60)
    while (-not (Test-LoopbackPort -Port $SimulatorPort)) {
        if ($process.HasExited) {
            throw "The simulator exited early (exit code $($process.ExitCode)); see $stdout and $stderr."
        }
        if ((Get-Date) -gt $deadline) {
            Stop-ProcessTree -Process $process
            throw "The simulator did not answer on $baseUri within 60 seconds; see $stdout and $stderr."
        }
        Start-Sleep -Milliseconds 250
    }
    return $process
}

function Stop-ProcessTree {
    param([Parameter(Mandatory = $true)] [System.Diagnostics.Process] $Process)

    if ($Process.HasExited) { return }
    # dotnet run starts the simulator as a child process: stop both.
    if ($PSVersionTable.PSVersion.Major -ge 6) {
        $Process.Kill($true)
    }
    else {
        $ErrorActionPreference = 'Continue'
        & taskkill.exe /PID $Process.Id /T /F | Out-Null
        $ErrorActionPreference = 'Stop'
    }
    $null = $Process.WaitForExit(10000)
}

function Invoke-Build {
    Invoke-Dotnet -Arguments @('build', $Solution, '-c', 'Release')
    Write-Host "Module: $ModuleManifest" -ForegroundColor Green
}

function Invoke-Test {
    Invoke-Dotnet -Arguments @('test', $Solution)

    $pester = Get-Module -Name Pester -ListAvailable | Where-Object { $_.Version -ge [version]'5.0.0' } |
        Sort-Object -Property Version -Descending | Select-Object -First 1
    if ($null -eq $pester) {
        Write-Warning ('Skipped tests/pester: Pester 5 or later is not installed (Windows PowerShell ships 3.4). ' +
            'Install it with: Install-Module Pester -MinimumVersion 5.0.0 -Scope CurrentUser -Force -SkipPublisherCheck')
        return
    }
    Write-Host "Invoke-Pester $PesterTests (Pester $($pester.Version))" -ForegroundColor Cyan
    $script = @"
`$ErrorActionPreference = 'Stop'
Import-Module -Name $(ConvertTo-PowerShellLiteral $pester.Path)
`$result = Invoke-Pester -Path $(ConvertTo-PowerShellLiteral $PesterTests) -Output Detailed -PassThru
if (`$result.FailedCount -gt 0 -or `$result.Result -eq 'Failed') { exit 1 }
exit 0
"@
    $exitCode = Invoke-ChildPowerShell -Script $script
    if ($exitCode -ne 0) {
        throw "Pester tests failed (exit code $exitCode)."
    }
}

function Invoke-Demo {
    Invoke-Build
    $simulator = Start-Simulator
    try {
        $csv = Join-Path $RepoRoot 'examples/invitations.csv'
        $script = @"
`$ErrorActionPreference = 'Continue'
Import-Module -Name $(ConvertTo-PowerShellLiteral $ModuleManifest) -ErrorAction Stop
# The simulator's well-known test key; a runbook takes Get-AutomationPSCredential instead.
`$credential = New-Object System.Management.Automation.PSCredential($(ConvertTo-PowerShellLiteral $SimulatorApiKey), (ConvertTo-SecureString $(ConvertTo-PowerShellLiteral $SimulatorApiSecret) -AsPlainText -Force))
Write-Host ''
Write-Host 'PS> Import-Csv examples/invitations.csv | New-CcIamInvitation -BaseUri http://127.0.0.1:$SimulatorPort -Credential `$credential'
Write-Host 'The row "not-an-email" is wrong on purpose: every other row is invited, and that one comes back as an ErrorRecord naming -Email (shown after the table).'
`$invited = @(Import-Csv -Path $(ConvertTo-PowerShellLiteral $csv) | New-CcIamInvitation -BaseUri 'http://127.0.0.1:$SimulatorPort' -Credential `$credential -ErrorAction SilentlyContinue -ErrorVariable failed)
`$invited | Format-Table -AutoSize | Out-Host
`$failed | Out-Host
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
        Stop-ProcessTree -Process $simulator
    }
}

function Invoke-Package {
    Invoke-Dotnet -Arguments @('pack', $ModuleProject, '-c', 'Release', '-o', $Artifacts)
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
