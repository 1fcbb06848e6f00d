#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0.0' }
# Run from the repo root after a build: Invoke-Pester tests/pester
# Each test uses fresh email addresses, so the suite shares one simulator.

BeforeAll {
    $repoRoot = Split-Path -Parent (Split-Path -Parent $PSScriptRoot)
    Import-Module (Join-Path $PSScriptRoot 'Simulator.psm1') -Force
    Import-Module (Join-Path $repoRoot 'out/ConfluentPartner/ConfluentPartner.psd1') -Force
    $script:Sim = Start-CcSimulator -Port 5199
    $script:Common = @{ BaseUri = $Sim.BaseUri; Credential = $Sim.Credential }
    $script:Run = [guid]::NewGuid().ToString('N').Substring(0, 8)
}

AfterAll {
    Stop-CcSimulator -Simulator $script:Sim
}

Describe 'New-CcIamInvitation' {
    It 'invites every row of an Import-Csv file and emits typed objects' {
        $csv = Join-Path $TestDrive 'users.csv'
        @(
            'email,auth_type'
            " alice-$Run@example.com ,AUTH_TYPE_SSO"
            "bob-$Run@example.com,Local"
        ) | Set-Content -Path $csv

        $result = @(Import-Csv $csv | New-CcIamInvitation @Common)

        $result.Count | Should -Be 2
        $result[0].PSObject.TypeNames[0] | Should -Be 'ConfluentPartner.IamInvitation'
        $result[0].Email | Should -Be "alice-$Run@example.com"
        $result[0].AuthType | Should -Be 'AUTH_TYPE_SSO'
        $result[1].AuthType | Should -Be 'AUTH_TYPE_LOCAL'
        $result[0].Status | Should -Be 'INVITE_STATUS_SENT'
        $result[0].Id | Should -Match '^i-'
    }

    It 'reports a bad row as one error naming -Email and goes on with the others' {
        $rows = @(
            [pscustomobject]@{ email = "ok1-$Run@example.com" }
            [pscustomobject]@{ email = 'not-an-email' }
            [pscustomobject]@{ email = "ok2-$Run@example.com" }
        )
        $errs = $null
        $result = @($rows | New-CcIamInvitation @Common -ErrorVariable errs -ErrorAction SilentlyContinue)

        $result.Count | Should -Be 2
        $errs.Count | Should -Be 1
        $errs[0].FullyQualifiedErrorId | Should -Be 'invalid_email,ConfluentPartner.Commands.NewCcIamInvitationCommand'
        $errs[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        $errs[0].TargetObject.email | Should -Be 'not-an-email'
        $errs[0].ErrorDetails.Message | Should -Match '-Email'
    }

    It 'reports an existing invitation as ResourceExists, and -SkipExisting returns it instead' {
        $email = "dup-$Run@example.com"
        New-CcIamInvitation -Email $email @Common | Out-Null

        $errs = $null
        New-CcIamInvitation -Email $email @Common -ErrorVariable errs -ErrorAction SilentlyContinue | Out-Null
        $errs[0].CategoryInfo.Category | Should -Be 'ResourceExists'
        $errs[0].FullyQualifiedErrorId | Should -Be 'resource_already_exists,ConfluentPartner.Commands.NewCcIamInvitationCommand'

        $existing = New-CcIamInvitation -Email $email @Common -SkipExisting
        $existing.AlreadyExisted | Should -BeTrue
    }

    It 'stops the pipeline on 401 after the first row' {
        $rows = 1..5 | ForEach-Object { [pscustomobject]@{ email = "denied$_-$Run@example.com" } }
        { $rows | New-CcIamInvitation -BaseUri $Sim.BaseUri -Credential $Sim.WrongCredential -ErrorAction Stop } |
            Should -Throw -ErrorId 'user_unauthenticated,ConfluentPartner.Commands.NewCcIamInvitationCommand'
    }

    It 'sends nothing with -WhatIf' {
        $result = New-CcIamInvitation -Email "whatif-$Run@example.com" @Common -WhatIf
        $result | Should -BeNullOrEmpty
        $again = New-CcIamInvitation -Email "whatif-$Run@example.com" @Common
        $again.AlreadyExisted | Should -BeFalse
    }

    It 'never shows a secret in any stream, even with verbose and debug output on' {
        # $DebugPreference rather than -Debug: on Windows PowerShell 5.1 -Debug means Inquire and would prompt.
        $DebugPreference = 'Continue'
        $all = New-CcIamInvitation -Email "verbose-$Run@example.com" @Common -Verbose *>&1 | Out-String
        $all | Should -Match 'POST .*/iam/v2/invitations'
        foreach ($secret in $Sim.Secrets) { $all | Should -Not -Match ([regex]::Escape($secret)) }
        $all | Should -Not -Match 'Authorization'
    }

    It 'stops with a clear error when no credential is given' {
        $saved = $env:CONFLUENT_CLOUD_API_KEY
        $env:CONFLUENT_CLOUD_API_KEY = $null
        try {
            { New-CcIamInvitation -Email "nocred-$Run@example.com" -BaseUri $Sim.BaseUri -ErrorAction Stop } |
                Should -Throw -ErrorId 'NoCredential,ConfluentPartner.Commands.NewCcIamInvitationCommand'
        }
        finally { $env:CONFLUENT_CLOUD_API_KEY = $saved }
    }
}

Describe 'The module manifest' {
    It 'passes Test-ModuleManifest' {
        $manifest = Join-Path (Split-Path -Parent (Split-Path -Parent $PSScriptRoot)) 'out/ConfluentPartner/ConfluentPartner.psd1'
        { Test-ModuleManifest -Path $manifest -ErrorAction Stop } | Should -Not -Throw
    }
}
