using System.Management.Automation;
using ConfluentPartner.Bulk;
using ConfluentPartner.Errors;
using ConfluentPartner.Input;
using ConfluentPartner.Session;

namespace ConfluentPartner.Commands
{
    /// <summary>
    /// Deletes role bindings (DELETE /iam/v2/role-bindings/{id}). Takes ids or piped bindings, e.g.
    /// <c>Get-CcIamRoleBinding -Principal ada@example.com | Remove-CcIamRoleBinding</c>.
    /// </summary>
    [Cmdlet(VerbsCommon.Remove, "CcIamRoleBinding", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(IamRoleBinding))]
    public sealed class RemoveCcIamRoleBindingCommand : CcApiCmdlet
    {
        private BulkRunner? _runner;
        private BulkRunner Bulk => _runner ??= new BulkRunner(this, "Removing Confluent Cloud role bindings");

        protected override ApiFamily ApiFamily => ApiFamily.Iam;

        /// <summary>Role binding ids (rb-...); bind from piped bindings and CSV rows by property name.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("RoleBindingId", "role_binding_id")]
        [AllowEmptyString]
        public string[]? Id { get; set; }

        /// <summary>Writes each removed binding (the piped object, or one with just the id).</summary>
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
            foreach (var given in Id!)
            {
                var target = InputObject ?? (object)given;
                var id = InputText.Clean(given);
                if (id == null)
                {
                    Bulk.Add(ErrorRecordMapper.Outcome(RoleBindingIds.Missing(), target, Bulk.Fields));
                    continue;
                }
                var piped = InputObject?.BaseObject as IamRoleBinding;
                if (!ShouldProcess(piped == null ? id : $"{id} ({piped})", "Remove role binding")) continue;
                var passThru = PassThru.IsPresent;
                Bulk.Send(target, async (client, token) =>
                {
                    var requestId = await client.RoleBindings.DeleteAsync(id, token).ConfigureAwait(false);
                    return RowOutcome.Success(passThru ? IamRoleBinding.Removed(piped, id, requestId) : null);
                });
            }
        }

        protected override void EndProcessing() => Bulk.Finish();
    }
}
