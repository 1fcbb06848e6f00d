# examples/runbook-invite-users.ps1 as Azure Automation runs it: a fresh pwsh, the module found on PSModulePath by
# name, the credential from a Get-AutomationPSCredential stand-in, real CSV files in and out, against the simulator.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1') -Force
    Import-Module (Get-CcModuleManifest) -Force
    $script:Sim = Start-CcSimulator
    $script:Common = @{ BaseUri = $Sim.BaseUri; Credential = $Sim.Credential }
    $script:Run = [guid]::NewGuid().ToString('N').Substring(0, 8)
    $script:Runbook = Join-Path (Get-CcRepoRoot) 'examples/runbook-invite-users.ps1'

    # The Automation account's imported modules: a folder on PSModulePath.
    $modules = Join-Path $TestDrive 'Modules'
    $null = New-Item -ItemType Directory -Path $modules
    Copy-Item -Path (Split-Path -Parent (Get-CcModuleManifest)) -Destination $modules -Recurse
    $script:JobEnvironment = @{ PSModulePath = $modules + [System.IO.Path]::PathSeparator + $env:PSModulePath }

    # The job: the Automation cmdlet the runbook calls, the endpoint pointed at the simulator, the runbook with its
    # parameters; the summary object goes to a JSON file, the rest of the output stays text.
    $script:Job = Join-Path $TestDrive 'job.ps1'
    @'
param([string] $Runbook, [string] $CsvPath, [string] $BaseUri, [string] $SummaryPath)
function Get-AutomationPSCredential {
    param([string] $Name)
    if ($Name -eq 'ConfluentCloudApiKey') {
        [pscredential]::new('SIMKEY0123456789', (ConvertTo-SecureString 'sim-secret-0123456789abcdefghij' -AsPlainText -Force))
    }
}
$PSStyle.OutputRendering = 'PlainText'
$PSDefaultParameterValues['New-CcIamInvitation:BaseUri'] = $BaseUri
$output = @(& $Runbook -CsvPath $CsvPath)
$output[0] | ConvertTo-Json | Set-Content -LiteralPath $SummaryPath
$output | Select-Object -Skip 1
"modules: $((Get-Module ConfluentPartner).ModuleBase)"
'@ | Set-Content -LiteralPath $Job

    function Invoke-Job([string] $CsvPath) {
        $summaryPath = Join-Path $TestDrive ([guid]::NewGuid().ToString('N') + '.json')
        $result = Invoke-CcPwsh -File $Job -ArgumentList @('-Runbook', $Runbook, '-CsvPath', $CsvPath, '-BaseUri', $Sim.BaseUri, '-SummaryPath', $summaryPath) `
            -Environment $JobEnvironment -TimeoutSeconds 120
        $result.ExitCode | Should -Be 0 -Because $result.Output
        $result | Add-Member -NotePropertyName Summary -NotePropertyValue (Get-Content -LiteralPath $summaryPath -Raw | ConvertFrom-Json) -PassThru
    }

    $script:Csv = Join-Path $TestDrive 'users.csv'
    $script:FailedCsv = Join-Path $TestDrive 'users.failed.csv'
    $text = '"email","auth_type","display_name"' + "`r`n" +
        """ann-$Run@example.com"",""Local"",""Ann, Sales""`r`n" +
        """existing-$Run@example.com"","""",""Old """"Ben""""""`r`n" +
        """not-an-email-$Run"",""SSO"",""Typo, Tom""`r`n" +
        """cid-$Run@example.com"",""SSO"",""Cid""`r`n"
    [System.IO.File]::WriteAllText($Csv, $text, [System.Text.UTF8Encoding]::new($true))
    New-CcIamInvitation -Email "existing-$Run@example.com" @Common | Out-Null
}

AfterAll {
    Stop-CcSimulator -Simulator $script:Sim
}

Describe 'examples/runbook-invite-users.ps1 in a fresh pwsh' {
    It 'invites the rows of an Excel CSV, reports the existing one, and writes the failed row to users.failed.csv beside it' {
        $job = Invoke-Job $Csv

        $job.Output | Should -Match ([regex]::Escape("modules: $(Join-Path $TestDrive 'Modules')"))
        $job.Summary.Rows | Should -Be 4
        $job.Summary.Invited | Should -Be 2
        $job.Summary.AlreadyInvited | Should -Be 1
        $job.Summary.Failed | Should -Be 1
        $job.Summary.FailedRowsPath | Should -Be $FailedCsv
        # The job's Errors stream names the field; its output holds the failed rows as CSV.
        $job.Output | Should -Match "-Email: 'not-an-email-$Run' is not a valid email address"
        $job.Lines | Should -Contain 'Failed rows (correct them and run again with this file as -CsvPath):'
        $job.Lines | Should -Contain '"email","auth_type","display_name","error"'

        $failed = @(Import-Csv -LiteralPath $FailedCsv)
        $failed.Count | Should -Be 1
        $failed[0].email | Should -Be "not-an-email-$Run"
        $failed[0].display_name | Should -BeExactly 'Typo, Tom'
        $failed[0].error | Should -Match '-Email'
        (Get-CcIamInvitation @Common | Where-Object { $_.Email -like "*-$Run@example.com" }).Count | Should -Be 3
    }

    It 're-runs from the corrected failed-rows file: the error column is ignored and only that row is invited' {
        $rows = @(Import-Csv -LiteralPath $FailedCsv)
        $rows[0].email = "tom-$Run@example.com"
        $rows | Export-Csv -LiteralPath $FailedCsv -NoTypeInformation -Encoding utf8BOM

        $job = Invoke-Job $FailedCsv

        $job.Summary.Rows | Should -Be 1
        $job.Summary.Invited | Should -Be 1
        $job.Summary.Failed | Should -Be 0
        $job.Summary.FailedRowsPath | Should -BeNullOrEmpty
        Test-Path -LiteralPath (Join-Path $TestDrive 'users.failed.failed.csv') | Should -BeFalse
        (Get-CcIamInvitation -Email "tom-$Run@example.com" @Common).Email | Should -Be "tom-$Run@example.com"
    }

    It 're-runs on the original file without inviting anyone twice' {
        $job = Invoke-Job $Csv

        $job.Summary.Invited | Should -Be 0
        $job.Summary.AlreadyInvited | Should -Be 3
        $job.Summary.Failed | Should -Be 1
        (Get-CcIamInvitation @Common | Where-Object { $_.Email -like "*-$Run@example.com" }).Count | Should -Be 4
    }
}
