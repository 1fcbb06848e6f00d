# A pwsh session as a user drives it: $PSDefaultParameterValues, Connect-CcCloud across ForEach-Object -Parallel and
# Start-ThreadJob runspaces, Remove-Module/Import-Module cycles, and Select-Object -First stopping a bulk pipeline.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1') -Force
    $script:Manifest = Get-CcModuleManifest
    Import-Module $Manifest -Force
    $script:Sim = Start-CcSimulator
    $script:Common = @{ BaseUri = $Sim.BaseUri; Credential = $Sim.Credential }
    $script:Run = [guid]::NewGuid().ToString('N').Substring(0, 8)

    function Get-Invited([string] $Pattern) {
        @(Get-CcIamInvitation @Common | Where-Object { $_.Email -like $Pattern })
    }
}

AfterAll {
    if (Get-Module ConfluentPartner) { Disconnect-CcCloud }
    Stop-CcSimulator -Simulator $script:Sim
}

Describe '$PSDefaultParameterValues' {
    AfterEach { $PSDefaultParameterValues.Clear() }

    It 'supplies -BaseUri and -Credential to every Cc cmdlet with one wildcard entry each' {
        $PSDefaultParameterValues['*-Cc*:BaseUri'] = $Sim.BaseUri
        $PSDefaultParameterValues['*-Cc*:Credential'] = $Sim.Credential

        $created = New-CcIamInvitation -Email "pdv-$Run@example.com"
        $found = Get-CcIamInvitation -Email "pdv-$Run@example.com"
        $found.Id | Should -Be $created.Id
        Remove-CcIamInvitation -Id $created.Id -Confirm:$false
        Get-CcIamInvitation -Email "pdv-$Run@example.com" | Should -BeNullOrEmpty
    }

    It 'sets a switch for one cmdlet: New-CcIamInvitation:SkipExisting makes a re-run report instead of fail' {
        $PSDefaultParameterValues['New-CcIamInvitation:SkipExisting'] = $true
        $first = New-CcIamInvitation -Email "pdv-skip-$Run@example.com" @Common
        $second = New-CcIamInvitation -Email "pdv-skip-$Run@example.com" @Common -ErrorAction Stop

        $first.AlreadyExisted | Should -BeFalse
        $second.AlreadyExisted | Should -BeTrue
        $second.Id | Should -Be $first.Id
    }
}

Describe 'Connect-CcCloud with ForEach-Object -Parallel and Start-ThreadJob' {
    AfterEach { Disconnect-CcCloud }

    It 'keeps the context to the runspace that connected: parallel runspaces have none of their own' {
        Connect-CcCloud @Common | Out-Null

        $answers = 1..3 | ForEach-Object -ThrottleLimit 3 -Parallel {
            Import-Module $using:Manifest
            $context = Get-CcContext
            try { New-CcIamInvitation -Email "parallel-none$_-$using:Run@example.com" -BaseUri $using:Sim.BaseUri -ErrorAction Stop | Out-Null; 'invited' }
            catch { $_.FullyQualifiedErrorId + ' ' + ($null -eq $context) }
        }

        $answers | Should -Be (@('NoCredential,ConfluentPartner.Commands.NewCcIamInvitationCommand True') * 3)
        (Get-CcContext).ApiKey | Should -Be $Sim.Credential.UserName
        Get-Invited "parallel-none*-$Run@example.com" | Should -BeNullOrEmpty
    }

    It 'connects in each -Parallel runspace with $using: and invites from all of them, leaving the caller unconnected' {
        $emails = 1..12 | ForEach-Object { "parallel$_-$Run@example.com" }

        $results = $emails | ForEach-Object -ThrottleLimit 4 -Parallel {
            Import-Module $using:Manifest
            if ($null -eq (Get-CcContext)) { Connect-CcCloud -Credential $using:Sim.Credential -BaseUri $using:Sim.BaseUri | Out-Null }
            New-CcIamInvitation -Email $_
        }

        @($results).Count | Should -Be 12
        $results[0].PSObject.TypeNames[0] | Should -Be 'ConfluentPartner.IamInvitation'
        (Get-Invited "parallel*-$Run@example.com").Email | Sort-Object | Should -Be ($emails | Sort-Object)
        Get-CcContext | Should -BeNullOrEmpty
    }

    It 'connects inside a thread job and gets typed results back from Receive-Job' {
        $credential = $Sim.Credential
        $baseUri = $Sim.BaseUri
        $job = Start-ThreadJob -ScriptBlock {
            Import-Module $using:Manifest
            Connect-CcCloud -Credential $using:credential -BaseUri $using:baseUri | Out-Null
            1..3 | ForEach-Object { [pscustomobject]@{ email = "threadjob$_-$using:Run@example.com"; auth_type = 'SSO' } } | New-CcIamInvitation
            (Get-CcContext).Source
        }
        $output = @($job | Receive-Job -Wait -AutoRemoveJob)

        $output.Count | Should -Be 4
        $output[0].PSObject.TypeNames[0] | Should -Be 'ConfluentPartner.IamInvitation'
        $output[0..2].AuthType | Should -Be (@('AUTH_TYPE_SSO') * 3)
        $output[3] | Should -Be 'Parameter'
        Get-CcContext | Should -BeNullOrEmpty
    }

    It 'gives a thread job the caller''s credential through $using: without connecting the caller' {
        $credential = $Sim.Credential
        $baseUri = $Sim.BaseUri
        $job = Start-ThreadJob -ScriptBlock {
            Import-Module $using:Manifest
            Get-CcIamInvitation -Email "threadjob1-$using:Run@example.com" -BaseUri $using:baseUri -Credential $using:credential
        }
        $found = @($job | Receive-Job -Wait -AutoRemoveJob)
        $found.Email | Should -Be "threadjob1-$Run@example.com"
    }
}

Describe 'Remove-Module and Import-Module again' {
    It 'works after three remove/import cycles: same commands, typed output, table view, help' {
        $commands = @(Get-Command -Module ConfluentPartner).Name | Sort-Object
        foreach ($cycle in 1..3) {
            Remove-Module -Name ConfluentPartner -Force
            Get-Command -Name New-CcIamInvitation -ErrorAction SilentlyContinue | Where-Object { $_.Module } | Should -BeNullOrEmpty
            Import-Module $Manifest -Force

            (@(Get-Command -Module ConfluentPartner).Name | Sort-Object) | Should -Be $commands
            $invitation = New-CcIamInvitation -Email "cycle$cycle-$Run@example.com" @Common
            $invitation.PSObject.TypeNames[0] | Should -Be 'ConfluentPartner.IamInvitation'
            ($invitation | Format-Table | Out-String -Width 120) | Should -Match '^\s*Email\s+Status\s+AuthType\s+Id\s+ExpiresAt'
            (Get-Help New-CcIamInvitation).Synopsis | Should -Not -BeLike 'New-CcIamInvitation *'
        }
    }

    It 'keeps the session''s connection across Remove-Module and Import-Module -Force' {
        Connect-CcCloud @Common | Out-Null
        Remove-Module -Name ConfluentPartner -Force
        Import-Module $Manifest -Force

        (Get-CcContext).ApiKey | Should -Be $Sim.Credential.UserName
        { Get-CcIamInvitation -PageSize 1 -ErrorAction Stop } | Should -Not -Throw
        Disconnect-CcCloud
        Get-CcContext | Should -BeNullOrEmpty
    }
}

Describe 'Select-Object -First on a bulk pipeline' {
    It 'stops the upstream: 3 results out of 200 rows read only a few more rows than it needed' {
        $script:read = 0
        $first = @(1..200 | ForEach-Object { $script:read++; [pscustomobject]@{ email = "first$_-$Run@example.com" } } |
                New-CcIamInvitation @Common -ThrottleLimit 1 | Select-Object -First 3)

        $first.Count | Should -Be 3
        $first.Email | Should -Be @("first1-$Run@example.com", "first2-$Run@example.com", "first3-$Run@example.com")
        # -ThrottleLimit 1 keeps one row queued or in flight (BulkRunner starts at most -ThrottleLimit rows ahead of its output).
        $script:read | Should -BeLessOrEqual 10
        $sent = @(Get-Invited "first*-$Run@example.com").Count
        $sent | Should -BeLessOrEqual $script:read
        $sent | Should -BeGreaterOrEqual 3
    }
}
