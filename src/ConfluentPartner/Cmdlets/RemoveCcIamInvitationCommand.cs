using System.Management.Automation;
using ConfluentPartner.Bulk;
using ConfluentPartner.Errors;
using ConfluentPartner.Input;
using ConfluentPartner.Session;

namespace ConfluentPartner.Commands
{
    /// <summary>
    /// Deletes invitations (DELETE /iam/v2/invitations/{id}); a user who has not accepted yet is deactivated.
    /// Takes ids or piped invitations, e.g. <c>Get-CcIamInvitation -Status Sent | Remove-CcIamInvitation</c>.
    /// </summary>
    [Cmdlet(VerbsCommon.Remove, "CcIamInvitation", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(IamInvitation))]
    public sealed class RemoveCcIamInvitationCommand : CcApiCmdlet
    {
        private BulkRunner? _runner;
        private BulkRunner Bulk => _runner ??= new BulkRunner(this, "Removing Confluent Cloud invitations");

        protected override ApiFamily ApiFamily => ApiFamily.Iam;

        /// <summary>Invitation ids (i-...); bind from piped invitations and CSV rows by property name.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("InvitationId", "invitation_id")]
        [AllowEmptyString] // a blank CSV cell gets the same error as every other invalid row
        public string[]? Id { get; set; }

        /// <summary>Writes each removed invitation (the piped object, or one with just the id).</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        /// <summary>The piped row itself, kept as the TargetObject of its outcome.</summary>
        [Parameter(ValueFromPipeline = true, DontShow = true)]
        public PSObject? InputObject { get; set; }

        // The runner's parameters (help: docs/help/_CommonParameters.md).
        [Parameter, ValidateRange(1, 64)] public int ThrottleLimit { get => Bulk.ThrottleLimit; set => Bulk.ThrottleLimit = value; }
        [Parameter, ValidateRange(0, 20)] public int MaximumRetryCount { get => Bulk.MaximumRetryCount; set => Bulk.MaximumRetryCount = value; }
        [Parameter, ValidateRange(0, 300)] public double RetryIntervalSec { get => Bulk.RetryIntervalSec; set => Bulk.RetryIntervalSec = value; }

        protected override void ProcessRecord()
        {
            foreach (var id in Id!) Remove(id, InputObject ?? (object)id);
        }

        protected override void EndProcessing() => Bulk.Finish();

        private void Remove(string given, object target)
        {
            var id = InputText.Clean(given);
            if (id == null)
            {
                Bulk.Add(ErrorRecordMapper.Outcome(InvitationIds.Missing(), target, Bulk.Fields));
                return;
            }

            var piped = InputObject?.BaseObject as IamInvitation;
            var email = piped?.Email ?? InputObject?.Properties["Email"]?.Value as string;
            if (!ShouldProcess(email == null ? id : $"{id} ({email})", "Remove invitation")) return;

            var passThru = PassThru.IsPresent;
            Bulk.Send(target, async (client, token) =>
            {
                var requestId = await client.Invitations.DeleteAsync(id, token).ConfigureAwait(false);
                return RowOutcome.Success(passThru ? IamInvitation.Removed(piped, id, requestId) : null);
            });
        }
    }
}
