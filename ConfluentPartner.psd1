@{
    RootModule           = 'ConfluentPartner.dll'
    ModuleVersion        = '0.1.0'
    GUID                 = '93f369dd-5e3f-4ad5-b5ba-17af46ca906e'
    Author               = 'ConfluentPartner contributors'
    CompanyName          = 'ConfluentPartner contributors'
    Copyright            = '(c) ConfluentPartner contributors. MIT License.'
    Description          = 'Confluent Cloud partner signup and IAM invitations from PowerShell: typed objects, ErrorRecords, bulk pipelines paced to the API rate limit. Works on Windows PowerShell 5.1 and PowerShell 7.4+.'
    PowerShellVersion    = '5.1'
    CompatiblePSEditions = @('Desktop', 'Core')
    DotNetFrameworkVersion = '4.7.2'
    FormatsToProcess     = @('ConfluentPartner.format.ps1xml')
    CmdletsToExport      = @(
        'Connect-CcCloud'
        'Disconnect-CcCloud'
        'Get-CcContext'
        'Get-CcIamInvitation'
        'New-CcIamInvitation'
        'Remove-CcIamInvitation'
        'Get-CcIamUser'
        'Remove-CcIamUser'
        'Get-CcIamRoleBinding'
        'New-CcIamRoleBinding'
        'Remove-CcIamRoleBinding'
        'New-CcPartnerSignup'
        'Test-CcPartnerSignup'
        'Complete-CcPartnerSignup'
        'Get-CcPartnerEntitlement'
        'New-CcPartnerEntitlement'
        'Get-CcPartnerOrganization'
        'Connect-CcPartnerOrganization'
    )
    FunctionsToExport    = @()
    VariablesToExport    = @()
    AliasesToExport      = @()
    PrivateData          = @{
        PSData = @{
            Tags         = @('Confluent', 'ConfluentCloud', 'Kafka', 'Partner', 'IAM', 'Invitation', 'Signup', 'Entitlement', 'Marketplace', 'PSEdition_Core', 'PSEdition_Desktop', 'Windows', 'Linux', 'MacOS')
            ProjectUri   = 'https://github.com/confluentpartner/ConfluentPartner'
            LicenseUri   = 'https://github.com/confluentpartner/ConfluentPartner/blob/main/LICENSE'
            ReleaseNotes = 'See CHANGELOG.md: https://github.com/confluentpartner/ConfluentPartner/blob/main/CHANGELOG.md'
        }
    }
}
