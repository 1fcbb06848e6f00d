# Starts and stops the loopback Confluent Cloud simulator for Pester suites.
Set-StrictMode -Version Latest

$script:RepoRoot = Split-Path -Parent (Split-Path -Parent $PSScriptRoot)

function Start-CcSimulator {
    [CmdletBinding()]
    param([int] $Port = 5199)

    $project = Join-Path $script:RepoRoot 'tests/ConfluentCloud.Simulator'
    $baseUri = "http://127.0.0.1:$Port"
    $log = Join-Path ([System.IO.Path]::GetTempPath()) "cc-simulator-$Port.log"
    $start = @{
        FilePath               = 'dotnet'
        ArgumentList           = @('run', '--project', $project, '-c', 'Release', '--', '--urls', $baseUri)
        RedirectStandardOutput = $log
        PassThru               = $true
    }
    # -WindowStyle exists only on Windows; elsewhere Start-Process refuses it ("not supported on this edition").
    if ($PSVersionTable.PSVersion.Major -lt 6 -or $IsWindows) { $start.WindowStyle = 'Hidden' }
    $process = Start-Process @start
    $deadline = (Get-Date).AddSeconds(120)
    while ((Get-Date) -lt $deadline) {
        if ($process.HasExited) { throw "The simulator exited early; see $log" }
        try {
            Invoke-WebRequest -Uri "$baseUri/iam/v2/invitations" -UseBasicParsing -TimeoutSec 2 | Out-Null
            break
        }
        catch {
            # A 401 means it is up and checking credentials.
            if ($null -ne $_.Exception.Response) { break }
            Start-Sleep -Milliseconds 500
        }
    }
    [pscustomobject]@{
        Process = $process
        BaseUri = $baseUri
        Credential = New-Object System.Management.Automation.PSCredential('SIMKEY0123456789', (ConvertTo-SecureString 'sim-secret-0123456789abcdefghij' -AsPlainText -Force))
        WrongCredential = New-Object System.Management.Automation.PSCredential('SIMKEY0123456789', (ConvertTo-SecureString 'wrong-secret' -AsPlainText -Force))
        Token = ConvertTo-SecureString 'sim-static-token-0123456789' -AsPlainText -Force
        ClientCredential = New-Object System.Management.Automation.PSCredential('sim-client-id', (ConvertTo-SecureString 'sim-client-secret-0123456789' -AsPlainText -Force))
        Secrets = @('sim-secret-0123456789abcdefghij', 'sim-static-token-0123456789', 'sim-client-secret-0123456789')
    }
}

function Stop-CcSimulator {
    [CmdletBinding()]
    param([Parameter(Mandatory)] $Simulator)
    if ($null -ne $Simulator -and -not $Simulator.Process.HasExited) {
        # dotnet run starts the simulator as a child process: stop the whole tree.
        if ($PSVersionTable.PSVersion.Major -ge 7) { $Simulator.Process.Kill($true) }
        else { & taskkill.exe /PID $Simulator.Process.Id /T /F | Out-Null }
    }
}

Export-ModuleMember -Function Start-CcSimulator, Stop-CcSimulator
