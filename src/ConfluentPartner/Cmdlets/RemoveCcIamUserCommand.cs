using System;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using ConfluentPartner.Bulk;
using ConfluentPartner.Client;
using ConfluentPartner.Client.Errors;
using ConfluentPartner.Client.Models;
using ConfluentPartner.Errors;
using ConfluentPartner.Input;
using ConfluentPartner.Session;

namespace ConfluentPartner.Commands
{
    /// <summary>
    /// Offboards users: deletes each user (DELETE /iam/v2/users/{id}; the server removes their role bindings) and withdraws
    /// a pending invitation for the same email (DELETE /iam/v2/invitations/{id}). Takes ids, emails, piped users or CSV rows,
    /// e.g. <c>Import-Csv leavers.csv | Remove-CcIamUser</c>. One IamUserRemoval per input says what was removed.
    /// </summary>
    [Cmdlet(VerbsCommon.Remove, "CcIamUser", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(IamUserRemoval))]
    public sealed class RemoveCcIamUserCommand : CcApiCmdlet
    {
        private BulkRunner? _runner;
        private BulkRunner Bulk => _runner ??= new BulkRunner(this, "Removing Confluent Cloud users");
        private readonly IamLookups _lookups = new IamLookups();

        protected override ApiFamily ApiFamily => ApiFamily.Iam;

        /// <summary>The user id (u-...); binds from piped users and CSV rows by property name.</summary>
        [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("UserId", "user_id")]
        [AllowEmptyString]
        [AllowNull]
        public string? Id { get; set; }

        /// <summary>The user's email (any case): the user is looked up by it, and a pending invitation for it is withdrawn.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("EmailAddress", "Mail", "UserPrincipalName", "E-mail")]
        [AllowEmptyString]
        [AllowNull]
        public string? Email { get; set; }

        /// <summary>The piped row itself, kept as the TargetObject of its outcome.</summary>
        [Parameter(ValueFromPipeline = true, DontShow = true)]
        public PSObject? InputObject { get; set; }

        // The runner's parameters (help: docs/help/_CommonParameters.md).
        [Parameter, ValidateRange(1, 64)] public int ThrottleLimit { get => Bulk.ThrottleLimit; set => Bulk.ThrottleLimit = value; }
        [Parameter, ValidateRange(0, 20)] public int MaximumRetryCount { get => Bulk.MaximumRetryCount; set => Bulk.MaximumRetryCount = value; }
        [Parameter, ValidateRange(0, 300)] public double RetryIntervalSec { get => Bulk.RetryIntervalSec; set => Bulk.RetryIntervalSec = value; }

        protected override void ProcessRecord()
        {
            var id = InputText.Clean(Id);
            var email = InputText.Clean(Email);
            var target = InputObject ?? (object?)Id ?? Email ?? "";
            if (id == null && email == null)
            {
                Bulk.Add(ErrorRecordMapper.Outcome(UserKeys.Missing("Email"), target, Bulk.Fields));
                return;
            }
            var what = id != null && email != null ? $"{email} ({id})" : email ?? id!;
            if (!ShouldProcess(what, "Remove user and withdraw a pending invitation")) return;
            Bulk.Send(target, (client, token) => RemoveAsync(client, id, email, token));
        }

        protected override void EndProcessing() => Bulk.Finish();

        private async Task<RowOutcome> RemoveAsync(CcApiClient client, string? id, string? email, CancellationToken token)
        {
            var removal = new IamUserRemoval { UserId = id, Email = email };
            if (id == null)
            {
                removal.UserId = (await _lookups.UserByEmailAsync(client, email!, token).ConfigureAwait(false))?.Value.Id;
            }
            else if (email == null)
            {
                // Only the id: read the user for the email its invitation is filed under (a 404 is this row's answer).
                removal.Email = email = (await client.Users.GetAsync(id, token).ConfigureAwait(false)).Value.Email;
            }

            if (removal.UserId != null)
            {
                try
                {
                    removal.RequestId = await client.Users.DeleteAsync(removal.UserId, token).ConfigureAwait(false);
                    removal.UserRemoved = true;
                }
                catch (CcApiException ex) when (ex.StatusCode == 404 && id == null)
                {
                    // Listed a moment ago and gone now: removed meanwhile; the invitation is still checked.
                }
            }

            if (email != null)
            {
                var invitation = await client.Invitations.FindByEmailAsync(email, token).ConfigureAwait(false);
                if (invitation?.Value.Id is { } invitationId && IsPending(invitation.Value.Status))
                {
                    try
                    {
                        removal.RequestId = await client.Invitations.DeleteAsync(invitationId, token).ConfigureAwait(false);
                        removal.InvitationId = invitationId;
                        removal.InvitationRemoved = true;
                    }
                    catch (CcApiException ex) when (ex.StatusCode == 404)
                    {
                        // Withdrawn with the user.
                    }
                }
            }

            if (!removal.UserRemoved && !removal.InvitationRemoved)
                throw UserKeys.NotFound(email ?? id!, "No user and no pending invitation");
            return RowOutcome.Success(removal);
        }

        /// <summary>Sent or staged: not accepted yet (an accepted invitation cannot be withdrawn; deleting the user is what counts).</summary>
        private static bool IsPending(string? status) =>
            string.Equals(status, "INVITE_STATUS_SENT", StringComparison.Ordinal) || string.Equals(status, "INVITE_STATUS_STAGED", StringComparison.Ordinal);
    }
}
