using System.Management.Automation;
using ConfluentPartner.Client.Errors;
using ConfluentPartner.Errors;
using ConfluentPartner.Input;
using ConfluentPartner.Session;

namespace ConfluentPartner.Commands
{
    /// <summary>
    /// Lists the partner's entitlements (GET /partner/v2/entitlements, every page, written as each page arrives), those of one
    /// organization (-OrganizationId), or gets entitlements by id (GET /partner/v2/entitlements/{id}).
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "CcPartnerEntitlement", DefaultParameterSetName = ListSet)]
    [OutputType(typeof(PartnerEntitlement))]
    public sealed class GetCcPartnerEntitlementCommand : CcPartnerCmdlet
    {
        private const string ListSet = "List";
        private const string IdSet = "Id";

        /// <summary>Entitlement ids; bind from piped entitlements and CSV rows by property name.</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = IdSet, ValueFromPipelineByPropertyName = true)]
        [Alias("EntitlementId", "entitlement_id")]
        [AllowEmptyString]
        public string[]? Id { get; set; }

        /// <summary>Only the entitlements of this organization (the list's organization.id filter).</summary>
        [Parameter(ParameterSetName = ListSet, ValueFromPipelineByPropertyName = true)]
        [Alias("organization_id")]
        [ValidateNotNullOrEmpty]
        [RequestField("organization.id")]
        public string? OrganizationId { get; set; }

        protected override void ProcessRecord()
        {
            if (ParameterSetName == IdSet)
                foreach (var given in Id!) GetById(given);
            else
                List(InputText.Clean(OrganizationId));
        }

        protected override void EndProcessing() => Log.Flush(this);

        private void GetById(string given)
        {
            var id = InputText.Clean(given);
            if (id == null)
            {
                WriteErrors(new[] { ErrorRecordMapper.Simple(new System.ArgumentException("-Id: the entitlement id is empty."), "required_field_missing",
                    ErrorCategory.InvalidArgument, given) }, stop: false);
                return;
            }
            try
            {
                var result = Wait(Client.Entitlements.GetAsync(id, Cancellation));
                WriteObject(PartnerEntitlement.From(result.Value, result.RequestId));
            }
            catch (CcApiException ex)
            {
                WriteApiError(ex, id);
            }
        }

        /// <summary>Writes each entitlement as its page arrives: a long list starts showing at once and memory stays flat.</summary>
        private void List(string? organizationId)
        {
            try
            {
                var entitlements = Client.Entitlements.List(organizationId, Cancellation);
                while (Wait(entitlements.MoveNextAsync()))
                {
                    WriteObject(PartnerEntitlement.From(entitlements.Current.Value, entitlements.Current.RequestId));
                    Log.Flush(this);
                }
            }
            catch (CcApiException ex)
            {
                WriteApiError(ex, organizationId);
            }
        }
    }
}
