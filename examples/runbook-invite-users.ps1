<#
.SYNOPSIS
    Azure Automation runbook: invites the users listed in a CSV file to a Confluent Cloud organization.

.DESCRIPTION
    Reads a CSV with the columns email and auth_type (AUTH_TYPE_LOCAL, AUTH_TYPE_SSO, Local, SSO, or empty for the
    organization's default) and invites every row with New-CcIamInvitation. Users who already have an invitation
    are reported, not invited twice (-SkipExisting), so the runbook can safely run again on the same file.

    Nothing prompts. The Cloud API key comes from an Automation credential asset: user name = API key,
    password = API secret (an OrganizationAdmin's key).

    Output: a summary object (rows, invited, already invited, failed). Each failed row is also an error in the job's
    Errors stream, and the failed rows are written as CSV (with an error column) to -FailedRowsPath and to the
    job output, ready for a re-run once they are corrected.

    Setup: import ConfluentPartner.zip into the Automation account (Modules > Add a module, runtime 5.1 or 7.4),
    create the credential asset, and run this runbook on a worker that can read -CsvPath (a Hybrid Runbook Worker's
    disk or share, or a file an earlier step downloaded, e.g. with Get-AzStorageBlobContent to $env:TEMP).

.PARAMETER CsvPath
    Path of the CSV file on the worker.

.PARAMETER CredentialName
    Name of the Automation credential asset holding the Cloud API key and secret.

.PARAMETER FailedRowsPath
    Where to write the failed rows as CSV. Default: beside the input, <name>.failed.csv.

.PARAMETER ThrottleLimit
    Invitations in flight at once. The module also paces itself to the API's rate limit.
#>
param(
    [Parameter(Mandatory = $true)]
    [string] $CsvPath,

    [string] $CredentialName = 'ConfluentCloudApiKey',

    [string] $FailedRowsPath,

    [ValidateRange(1, 64)]
    [int] $ThrottleLimit = 8
)

Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

# Azure Automation imports modules on first use too; importing here makes a missing module the first error.
if (-not (Get-Module -Name ConfluentPartner)) {
    Import-Module -Name ConfluentPartner
}

$credential = Get-AutomationPSCredential -Name $CredentialName
if ($null -eq $credential) {
    throw "The Automation credential '$CredentialName' was not found. Create it under Shared Resources > Credentials: user name = Cloud API key, password = its secret."
}

if (-not (Test-Path -LiteralPath $CsvPath -PathType Leaf)) {
    throw "The CSV file '$CsvPath' does not exist on this worker."
}
if ([string]::IsNullOrEmpty($FailedRowsPath)) {
    $FailedRowsPath = [System.IO.Path]::ChangeExtension($CsvPath, '.failed.csv')
}

$rows = @(Import-Csv -LiteralPath $CsvPath)
Write-Verbose ('Inviting {0} rows from {1}.' -f $rows.Count, $CsvPath)

# Row failures (a bad address, a rejected request) are written to the Errors stream and collected in $failures;
# the other rows go on. A failure that would fail every row (wrong key, no permission, API unreachable) stops the
# runbook with that error.
$failures = $null
$invited = @($rows | New-CcIamInvitation -Credential $credential -SkipExisting -ThrottleLimit $ThrottleLimit -Confirm:$false `
        -ErrorAction Continue -ErrorVariable failures)

$failedRows = @(foreach ($failure in $failures) {
        if ($null -eq $failure.TargetObject) { continue }
        # The row as it was read, plus why it failed; New-CcIamInvitation ignores the extra column on a re-run.
        $copy = [ordered]@{}
        foreach ($property in $failure.TargetObject.PSObject.Properties) {
            if ($property.Name -ne 'error') { $copy[$property.Name] = $property.Value }
        }
        $copy['error'] = $failure.ToString()
        [pscustomobject]$copy
    })

$alreadyInvited = @($invited | Where-Object { $_.AlreadyExisted }).Count
[pscustomobject]@{
    CsvPath        = $CsvPath
    Rows           = $rows.Count
    Invited        = $invited.Count - $alreadyInvited
    AlreadyInvited = $alreadyInvited
    Failed         = $failedRows.Count
    FailedRowsPath = $(if ($failedRows.Count -gt 0) { $FailedRowsPath } else { $null })
}

if ($failedRows.Count -gt 0) {
    $failedRows | Export-Csv -LiteralPath $FailedRowsPath -NoTypeInformation -Encoding UTF8
    Write-Output 'Failed rows (correct them and run again with this file as -CsvPath):'
    $failedRows | ConvertTo-Csv -NoTypeInformation | Write-Output
}
