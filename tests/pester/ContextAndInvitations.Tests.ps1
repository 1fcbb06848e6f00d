#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0.0' }
# Run from the repo root after a build: Invoke-Pester tests/pester
# Connect-CcCloud / Get-CcContext / Disconnect-CcCloud, and Get-/Remove-CcIamInvitation, against the simulator.
# Written for Windows PowerShell 5.1 and PowerShell 7.4+: no ?? or ?:, no cmdlets newer than 5.1.

BeforeAll {
    $repoRoot = Split-Path -Parent (Split-Path -Parent $PSScriptRoot)
    Import-Module (Join-Path $PSScriptRoot 'Simulator.psm1') -Force
    $script:Manifest = Join-Path $repoRoot 'out/ConfluentPartner/ConfluentPartner.psd1'
    Import-Module $script:Manifest -Force
    $script:Sim = Start-CcSimulator -Port 5198
    $script:Common = @{ BaseUri = $Sim.BaseUri; Credential = $Sim.Credential }
    $script:Run = [guid]::NewGuid().ToString('N').Substring(0, 8)
    $script:EnvNames = @('CONFLUENT_CLOUD_API_KEY', 'CONFLUENT_CLOUD_API_SECRET', 'CONFLUENT_CLOUD_ACCESS_TOKEN',
        'CONFLUENT_PARTNER_CLIENT_ID', 'CONFLUENT_PARTNER_CLIENT_SECRET', 'CONFLUENT_CLOUD_BASE_URI')

    # Credentials in the machine's environment must not make a "no credential" test pass or fail by accident.
    function Clear-CcEnvironment {
        $saved = @{}
        foreach ($name in $script:EnvNames) {
            $saved[$name] = [Environment]::GetEnvironmentVariable($name)
            [Environment]::SetEnvironmentVariable($name, $null)
        }
        $saved
    }
    function Restore-CcEnvironment([hashtable] $Saved) {
        foreach ($name in $Saved.Keys) { [Environment]::SetEnvironmentVariable($name, $Saved[$name]) }
    }
    function Remove-AllInvitations {
        Get-CcIamInvitation @Common | Remove-CcIamInvitation @Common -Confirm:$false
    }
}

AfterAll {
    Disconnect-CcCloud
    Stop-CcSimulator -Simulator $script:Sim
}

Describe 'Connect-CcCloud, Get-CcContext, Disconnect-CcCloud' {
    BeforeEach { $script:SavedEnv = Clear-CcEnvironment }
    AfterEach {
        Disconnect-CcCloud
        Restore-CcEnvironment $script:SavedEnv
    }

    It 'lets New- and Get-CcIamInvitation run without credential parameters' {
        Connect-CcCloud -Credential $Sim.Credential -BaseUri $Sim.BaseUri | Out-Null

        $created = New-CcIamInvitation -Email "ctx-$Run@example.com"
        $found = Get-CcIamInvitation -Email "ctx-$Run@example.com"

        $created.Email | Should -Be "ctx-$Run@example.com"
        $found.Id | Should -Be $created.Id
    }

    It 'takes an API key as -ApiKey and -ApiSecret' {
        $secret = $Sim.Credential.Password
        Connect-CcCloud -ApiKey $Sim.Credential.UserName -ApiSecret $secret -BaseUri $Sim.BaseUri | Out-Null
        { Get-CcIamInvitation -PageSize 1 -ErrorAction Stop } | Should -Not -Throw
    }

    It 'is overridden by the parameters of a cmdlet' {
        Connect-CcCloud -Credential $Sim.WrongCredential -BaseUri $Sim.BaseUri | Out-Null

        { Get-CcIamInvitation -PageSize 1 -ErrorAction Stop } |
            Should -Throw -ErrorId 'user_unauthenticated,ConfluentPartner.Commands.GetCcIamInvitationCommand'
        { Get-CcIamInvitation -PageSize 1 -Credential $Sim.Credential -ErrorAction Stop } | Should -Not -Throw
    }

    It 'shows what is connected, typed, without any secret' {
        $connected = Connect-CcCloud -Credential $Sim.Credential -ClientCredential $Sim.ClientCredential -BaseUri $Sim.BaseUri
        $shown = Get-CcContext

        $shown.PSObject.TypeNames[0] | Should -Be 'ConfluentPartner.CcContext'
        $connected.PSObject.TypeNames[0] | Should -Be 'ConfluentPartner.CcContext'
        $shown.AuthenticationType | Should -Be 'ApiKey, ClientCredential'
        $shown.ApiKey | Should -Be $Sim.Credential.UserName
        $shown.ClientId | Should -Be $Sim.ClientCredential.UserName
        $shown.Source | Should -Be 'Parameter'
        $shown.BaseUri.ToString() | Should -Match '^http://127\.0\.0\.1:5198'

        $text = ($shown | Format-Table | Out-String) + ($shown | Format-List * | Out-String) + ($shown | ConvertTo-Json -Depth 3)
        foreach ($secret in $Sim.Secrets) { $text | Should -Not -Match ([regex]::Escape($secret)) }
    }

    It 'belongs to this session only: another runspace in the process has no context' {
        Connect-CcCloud -Credential $Sim.Credential -BaseUri $Sim.BaseUri | Out-Null

        $other = [powershell]::Create()
        try {
            $null = $other.AddScript("Import-Module '$Manifest'
                `$context = Get-CcContext
                try { Get-CcIamInvitation -BaseUri '$($Sim.BaseUri)' -ErrorAction Stop | Out-Null; 'listed' }
                catch { `$_.FullyQualifiedErrorId }
                `$null -eq `$context")
            $result = @($other.Invoke())
        }
        finally {
            $other.Dispose()
        }

        $result[0] | Should -Be 'NoCredential,ConfluentPartner.Commands.GetCcIamInvitationCommand'
        $result[1] | Should -BeTrue
        (Get-CcContext).ApiKey | Should -Be $Sim.Credential.UserName
    }

    It 'is forgotten by Disconnect-CcCloud' {
        Connect-CcCloud -Credential $Sim.Credential -BaseUri $Sim.BaseUri | Out-Null
        Disconnect-CcCloud

        Get-CcContext | Should -BeNullOrEmpty
        { Get-CcIamInvitation -BaseUri $Sim.BaseUri -ErrorAction Stop } |
            Should -Throw -ErrorId 'NoCredential,ConfluentPartner.Commands.GetCcIamInvitationCommand'
    }

    It 'takes the credentials from the environment once with -FromEnvironment' {
        $env:CONFLUENT_CLOUD_API_KEY = $Sim.Credential.UserName
        $env:CONFLUENT_CLOUD_API_SECRET = $Sim.Credential.GetNetworkCredential().Password
        $env:CONFLUENT_CLOUD_BASE_URI = $Sim.BaseUri
        Connect-CcCloud -FromEnvironment | Out-Null
        Remove-Item Env:CONFLUENT_CLOUD_API_KEY, Env:CONFLUENT_CLOUD_API_SECRET, Env:CONFLUENT_CLOUD_BASE_URI

        $shown = Get-CcContext
        $shown.Source | Should -Be 'Environment'
        $shown.ApiKey | Should -Be $Sim.Credential.UserName
        { Get-CcIamInvitation -PageSize 1 -ErrorAction Stop } | Should -Not -Throw
    }

    It 'checks the credential with -Validate and keeps no context when it is refused' {
        { Connect-CcCloud -Credential $Sim.WrongCredential -BaseUri $Sim.BaseUri -Validate -ErrorAction Stop } |
            Should -Throw -ErrorId 'user_unauthenticated,ConfluentPartner.Commands.ConnectCcCloudCommand'
        Get-CcContext | Should -BeNullOrEmpty

        (Connect-CcCloud -Credential $Sim.Credential -BaseUri $Sim.BaseUri -Validate).ApiKey | Should -Be $Sim.Credential.UserName
    }
}

Describe 'Get-CcIamInvitation' {
    BeforeAll {
        Remove-AllInvitations
        $script:Paged = foreach ($n in 1..25) { New-CcIamInvitation -Email ('page{0:d2}-{1}@example.com' -f $n, $Run) @Common }
    }

    It 'reads every page: 25 invitations with -PageSize 10 take 3 requests and come in order' {
        $all = @(Get-CcIamInvitation -PageSize 10 @Common -Verbose 4>&1)
        $invitations = @($all | Where-Object { $_ -is [ConfluentPartner.IamInvitation] })
        $pages = @($all | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] -and $_.Message -match '^GET \S+/iam/v2/invitations\?\S* -> 200' })

        $invitations.Count | Should -Be 25
        ($invitations.Email -join ',') | Should -Be ($Paged.Email -join ',')
        $pages.Count | Should -Be 3
    }

    It 'filters by email and by status (full or short form)' {
        $one = @(Get-CcIamInvitation -Email "page07-$Run@example.com" @Common)
        $one.Count | Should -Be 1
        $one[0].Id | Should -Be $Paged[6].Id

        @(Get-CcIamInvitation -Status INVITE_STATUS_SENT @Common).Count | Should -Be 25
        @(Get-CcIamInvitation -Status Sent @Common).Count | Should -Be 25
        @(Get-CcIamInvitation -Status INVITE_STATUS_ACCEPTED @Common).Count | Should -Be 0
    }

    It 'gets by -Id and by piped invitations' {
        (Get-CcIamInvitation -Id $Paged[2].Id @Common).Email | Should -Be $Paged[2].Email
        $again = @($Paged[3], $Paged[4] | Get-CcIamInvitation @Common)
        ($again.Id -join ',') | Should -Be (@($Paged[3].Id, $Paged[4].Id) -join ',')
    }

    It 'reports an unknown id as ObjectNotFound' {
        $errs = $null
        $result = Get-CcIamInvitation -Id 'i-nosuch' @Common -ErrorVariable errs -ErrorAction SilentlyContinue

        $result | Should -BeNullOrEmpty
        $errs.Count | Should -Be 1
        $errs[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $errs[0].TargetObject | Should -Be 'i-nosuch'
    }

    It 'refuses an unknown status before sending, naming -Status' {
        { Get-CcIamInvitation -Status Pending @Common -ErrorAction Stop } |
            Should -Throw -ErrorId 'invalid_value,ConfluentPartner.Commands.GetCcIamInvitationCommand'
    }
}

Describe 'Remove-CcIamInvitation' {
    BeforeEach {
        Remove-AllInvitations
        $script:Invited = foreach ($n in 1..3) { New-CcIamInvitation -Email ('rm{0}-{1}@example.com' -f $n, $Run) @Common }
    }

    It 'removes by -Id and writes nothing' {
        $result = Remove-CcIamInvitation -Id $Invited[0].Id @Common -Confirm:$false

        $result | Should -BeNullOrEmpty
        @(Get-CcIamInvitation @Common).Count | Should -Be 2
    }

    It 'writes the removed invitations with -PassThru' {
        $result = @($Invited[0] | Remove-CcIamInvitation @Common -Confirm:$false -PassThru)
        $result.Count | Should -Be 1
        $result[0].Email | Should -Be $Invited[0].Email
    }

    It 'removes what Get-CcIamInvitation pipes to it' {
        Get-CcIamInvitation -Status INVITE_STATUS_SENT @Common | Remove-CcIamInvitation @Common -Confirm:$false

        Get-CcIamInvitation @Common | Should -BeNullOrEmpty
    }

    It 'removes nothing with -WhatIf' {
        Get-CcIamInvitation @Common | Remove-CcIamInvitation @Common -WhatIf

        @(Get-CcIamInvitation @Common).Count | Should -Be 3
    }

    It 'reports an unknown id as ObjectNotFound with the row as target, and goes on with the others' {
        $missing = [pscustomobject]@{ id = 'i-nosuch' }
        $errs = $null
        $Invited[0], $missing, $Invited[1] | Remove-CcIamInvitation @Common -Confirm:$false -ErrorVariable errs -ErrorAction SilentlyContinue

        $errs.Count | Should -Be 1
        $errs[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $errs[0].TargetObject.id | Should -Be 'i-nosuch'
        (Get-CcIamInvitation @Common).Id | Should -Be $Invited[2].Id
    }
}
