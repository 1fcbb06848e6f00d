# What a person reads at the prompt, rendered by real pwsh as text: Format-Table and Format-List at 80 and 120 columns,
# Get-Help pages, and TabExpansion2 in a fresh session that finds the module on PSModulePath.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1') -Force
    Import-Module (Get-CcModuleManifest) -Force
    $script:Sim = Start-CcSimulator
    $script:Common = @{ BaseUri = $Sim.BaseUri; Credential = $Sim.Credential }
    $script:Run = [guid]::NewGuid().ToString('N').Substring(0, 8)
    $script:Invited = @(1..3 | ForEach-Object { New-CcIamInvitation -Email "display$_-$Run@example.com" @Common })
    # No colour codes in text meant for comparison.
    $script:SavedRendering = $PSStyle.OutputRendering
    $PSStyle.OutputRendering = 'PlainText'

    function Get-Lines([string] $Text) { @($Text -split '\r?\n' | Where-Object { $_.Trim() }) }
}

AfterAll {
    $PSStyle.OutputRendering = $script:SavedRendering
    Stop-CcSimulator -Simulator $script:Sim
}

Describe 'Format-Table and Format-List as text' {
    It 'shows the default table whole at 120 columns: every column, every value uncut' {
        $lines = Get-Lines ($Invited | Format-Table | Out-String -Width 120)

        $lines[0] | Should -Match '^Email\s+Status\s+AuthType\s+Id\s+ExpiresAt\s+Roles$'
        $lines.Count | Should -Be 5
        foreach ($i in 0..2) {
            $row = $lines[2 + $i]
            $row | Should -Not -Match '…'
            $row | Should -Match ('^' + [regex]::Escape($Invited[$i].Email) + '\s+INVITE_STATUS_SENT\s+AUTH_TYPE_LOCAL\s+' + [regex]::Escape($Invited[$i].Id) + '\s+')
            $row | Should -Match ([regex]::Escape($Invited[$i].ExpiresAt.ToString()) + '\s*$') # an empty Roles column may follow
            $row.Length | Should -BeLessOrEqual 120
        }
    }

    It 'marks an existing invitation in the Status column' {
        $again = New-CcIamInvitation -Email $Invited[0].Email @Common -SkipExisting
        $text = $again | Format-Table | Out-String -Width 120
        $text | Should -Match 'INVITE_STATUS_SENT \(existing\)'
    }

    It 'shows every property of an invitation with Format-List at 80 columns, wrapping long values instead of cutting them' {
        $text = $Invited[0] | Format-List | Out-String -Width 80
        $lines = @($text -split '\r?\n')

        foreach ($name in 'Id', 'Email', 'AuthType', 'Status', 'ExpiresAt', 'RequestId') {
            @($lines | Where-Object { $_ -match "^$name\s+: " }).Count | Should -Be 1 -Because "$name has one line"
        }
        $lines | ForEach-Object { $_.Length | Should -BeLessOrEqual 80 }
        ($lines -join '') -replace '\s', '' | Should -Match ([regex]::Escape($Invited[0].ResourceName))
    }

    It 'shows the connection context without a secret, at 80 columns' {
        Connect-CcCloud @Common | Out-Null
        try {
            $text = (Get-CcContext | Format-Table | Out-String -Width 80) + (Get-CcContext | Format-List | Out-String -Width 80)
        }
        finally { Disconnect-CcCloud }

        $text | Should -Match 'SIMKEY0123456789'
        $text | Should -Not -Match 'sim-secret'
        @($text -split '\r?\n') | ForEach-Object { $_.Length | Should -BeLessOrEqual 80 }
    }
}

Describe 'Get-Help as text' {
    It 'renders <Name> at 80 columns with its sections, and the examples with -Examples' -ForEach @(
        @{ Name = 'New-CcIamInvitation' }, @{ Name = 'Get-CcIamInvitation' }, @{ Name = 'Remove-CcIamInvitation' },
        @{ Name = 'Connect-CcCloud' }, @{ Name = 'New-CcPartnerSignup' }, @{ Name = 'Test-CcPartnerSignup' },
        @{ Name = 'Complete-CcPartnerSignup' }
    ) {
        $page = Get-Help -Name $Name | Out-String -Width 80
        $lines = @($page -split '\r?\n')

        foreach ($section in 'NAME', 'SYNOPSIS', 'SYNTAX', 'DESCRIPTION', 'REMARKS') {
            $lines | Should -Contain $section
        }
        $lines | ForEach-Object { $_.Length | Should -BeLessOrEqual 80 }
        $page | Should -Match ([regex]::Escape($Name) + ' \[')

        $examples = Get-Help -Name $Name -Examples | Out-String -Width 80
        $examples | Should -Match '-+ Example 1'
        ($examples -split '-+ Example 1', 2)[1] | Should -Match ([regex]::Escape($Name))
    }

    It 'renders one parameter with -Parameter' {
        $text = Get-Help -Name New-CcIamInvitation -Parameter ThrottleLimit | Out-String -Width 80
        $text | Should -Match '-ThrottleLimit <Int32>'
        $text | Should -Match 'Default value\s+8'
    }

    It 'finds the about topic by name' {
        $text = Get-Help -Name about_ConfluentPartner | Out-String -Width 120
        $text | Should -Match 'CONFLUENT_CLOUD_API_KEY'
    }
}

Describe 'TabExpansion2 in a fresh pwsh that has the module only on PSModulePath' {
    BeforeAll {
        $modules = Join-Path $TestDrive 'Modules'
        $null = New-Item -ItemType Directory -Path $modules
        Copy-Item -Path (Split-Path -Parent (Get-CcModuleManifest)) -Destination $modules -Recurse
        $script:Fresh = @{ PSModulePath = $modules + [System.IO.Path]::PathSeparator + $env:PSModulePath }
        $script:Complete = {
            param([string] $Line)
            $command = "(TabExpansion2 -inputScript '$($Line.Replace("'", "''"))' -cursorColumn $($Line.Length)).CompletionMatches.CompletionText -join ','; " +
                "(Get-Module ConfluentPartner).Name"
            Invoke-CcPwsh -Command $command -Environment $Fresh -TimeoutSeconds 120
        }
    }

    It 'completes cmdlet names before the module is imported' {
        $result = & $Complete 'New-CcIam'
        $result.ExitCode | Should -Be 0
        $result.Lines[0] | Should -Be 'New-CcIamInvitation,New-CcIamRoleBinding'
    }

    It 'completes -AuthType values in a pipeline from Import-Csv, loading the module for it' {
        $result = & $Complete 'Import-Csv users.csv | New-CcIamInvitation -AuthType '
        $result.ExitCode | Should -Be 0
        $result.Lines[0] -split ',' | Should -Contain 'AUTH_TYPE_SSO'
        $result.Lines[0] -split ',' | Should -Contain 'AUTH_TYPE_LOCAL'
        $result.Lines[1] | Should -Be 'ConfluentPartner'
    }

    It 'completes parameter names of New-CcPartnerSignup' {
        $result = & $Complete 'New-CcPartnerSignup -Entitlement'
        $result.ExitCode | Should -Be 0
        $result.Lines[0] -split ',' | Should -Contain '-EntitlementExternalId'
    }
}
