# CSV files as users make them (Excel, a text editor, another script), read by the real Import-Csv and written back by
# the real Export-Csv: what the hosted engine in the xunit suite cannot run. One simulator for the file.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1') -Force
    Import-Module (Get-CcModuleManifest) -Force
    $script:Sim = Start-CcSimulator
    $script:Common = @{ BaseUri = $Sim.BaseUri; Credential = $Sim.Credential }
    $script:Run = [guid]::NewGuid().ToString('N').Substring(0, 8)

    function Write-File([string] $Name, [string] $Text, [System.Text.Encoding] $Encoding) {
        $path = Join-Path $TestDrive $Name
        [System.IO.File]::WriteAllText($path, $Text, $Encoding)
        $path
    }
    $script:Utf8Bom = [System.Text.UTF8Encoding]::new($true)
}

AfterAll {
    Stop-CcSimulator -Simulator $script:Sim
}

Describe 'Import-Csv files piped to New-CcIamInvitation' {
    It 'reads a UTF-8 file with a byte order mark (Excel "CSV UTF-8"): the first column still binds to -Email' {
        $path = Write-File 'bom.csv' "email,auth_type`r`nbom1-$Run@example.com,Local`r`nbom2-$Run@example.com,SSO`r`n" $Utf8Bom
        [System.IO.File]::ReadAllBytes($path)[0..2] | Should -Be @(0xEF, 0xBB, 0xBF)

        $errs = $null
        $result = @(Import-Csv -Path $path | New-CcIamInvitation @Common -ErrorVariable errs -ErrorAction SilentlyContinue)

        $errs | Should -BeNullOrEmpty
        $result.Email | Should -Be @("bom1-$Run@example.com", "bom2-$Run@example.com")
        $result.AuthType | Should -Be @('AUTH_TYPE_LOCAL', 'AUTH_TYPE_SSO')
    }

    It 'reads a semicolon-separated file (Excel in a comma-decimal locale) with -Delimiter ";"' {
        $path = Write-File 'semicolon.csv' "Email;AuthType;Department`r`nsemi1-$Run@example.com;Local;Sales, EMEA`r`nsemi2-$Run@example.com;;IT`r`n" $Utf8Bom

        $result = @(Import-Csv -Path $path -Delimiter ';' | New-CcIamInvitation @Common)

        $result.Email | Should -Be @("semi1-$Run@example.com", "semi2-$Run@example.com")
        $result[0].AuthType | Should -Be 'AUTH_TYPE_LOCAL'
    }

    It 'reads Excel-style quoting: quoted headers, doubled quotes, a comma and a line break inside a cell, padded values' {
        $text = '"email","auth_type","note"' + "`r`n" +
            """ quoted1-$Run@example.com "",""SSO"",""Smith, Ann """"the boss""""""`r`n" +
            """quoted2-$Run@example.com"",""Local"",""two`r`nlines""`r`n"
        $path = Write-File 'quoted.csv' $text $Utf8Bom

        $rows = @(Import-Csv -Path $path)
        $rows.Count | Should -Be 2
        $rows[0].note | Should -BeExactly 'Smith, Ann "the boss"'
        $result = @($rows | New-CcIamInvitation @Common)

        $result.Email | Should -Be @("quoted1-$Run@example.com", "quoted2-$Run@example.com")
        $result.AuthType | Should -Be @('AUTH_TYPE_SSO', 'AUTH_TYPE_LOCAL')
    }

    It 'reads the repository''s examples/invitations.csv: every row but the deliberately bad one is invited' {
        $examples = Join-Path (Get-CcRepoRoot) 'examples/invitations.csv'
        $rows = @(Import-Csv -Path $examples)
        $errs = $null
        # Fresh addresses, so the file can be used beside other tests on one simulator.
        $fresh = $rows | ForEach-Object { $_.email = $_.email -replace '@', "-$Run@"; $_ }

        $result = @($fresh | New-CcIamInvitation @Common -ErrorVariable errs -ErrorAction SilentlyContinue)

        $result.Count | Should -Be ($rows.Count - 1)
        $errs.Count | Should -Be 1
        $errs[0].TargetObject.email | Should -Match '^not-an-email'
    }
}

Describe 'Failed rows through Export-Csv and back' {
    It 'writes each failed row as it was read, reads it back, and a corrected file invites exactly those rows' {
        $path = Write-File 'users.csv' ("email,auth_type,owner`r`nok-$Run@example.com,Local,""Doe, Jane""`r`n" +
            "not-an-email-$Run,SSO,""O'Brien, Pat""`r`nbad-auth-$Run@example.com,Kerberos,ops`r`n") $Utf8Bom
        $errs = $null
        $invited = @(Import-Csv -Path $path | New-CcIamInvitation @Common -ErrorVariable errs -ErrorAction SilentlyContinue)
        $invited.Count | Should -Be 1
        $errs.Count | Should -Be 2

        $retry = Join-Path $TestDrive 'retry.csv'
        $errs.TargetObject | Export-Csv -Path $retry -NoTypeInformation -Encoding utf8BOM
        $back = @(Import-Csv -Path $retry)

        $back.Count | Should -Be 2
        $back[0].email | Should -Be "not-an-email-$Run"
        $back[0].owner | Should -BeExactly "O'Brien, Pat"
        $back[1].auth_type | Should -Be 'Kerberos'

        # The user corrects the two cells and runs the same pipeline on the retry file.
        $back[0].email = "fixed-$Run@example.com"
        $back[1].auth_type = 'SSO'
        $back | Export-Csv -Path $retry -NoTypeInformation -Encoding utf8BOM
        $second = @(Import-Csv -Path $retry | New-CcIamInvitation @Common)

        $second.Email | Should -Be @("fixed-$Run@example.com", "bad-auth-$Run@example.com")
        @(Get-CcIamInvitation @Common | Where-Object { $_.Email -like "*-$Run@example.com" -and $_.Email -match '^(ok|fixed|bad-auth)-' }).Count | Should -Be 3
    }
}
