using System.Management.Automation;
using ConfluentPartner.Client;
using ConfluentPartner.Client.Errors;
using ConfluentPartner.Client.Models;
using ConfluentPartner.Client.Validation;
using ConfluentPartner.Input;
using ConfluentPartner.Session;

namespace ConfluentPartner.Commands
{
    /// <summary>
    /// Lists the organization's invitations (GET /iam/v2/invitations, every page, written as each page arrives),
    /// or gets invitations by id (GET /iam/v2/invitations/{id}).
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "CcIamInvitation", DefaultParameterSetName = ListSet)]
    [OutputType(typeof(IamInvitation))]
    public sealed class GetCcIamInvitationCommand : CcApiCmdlet
    {
        private const string ListSet = "List";
        private const string IdSet = "Id";

        protected override ApiFamily ApiFamily => ApiFamily.Iam;

        /// <summary>Invitation ids (i-...); bind from piped invitations and CSV rows by property name.</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = IdSet, ValueFromPipelineByPropertyName = true)]
        [Alias("InvitationId", "invitation_id")]
        [AllowEmptyString] // a blank CSV cell gets the same error as every other invalid row
        public string[]? Id { get; set; }

        /// <summary>Only the invitation for this email (exact match, as the API filters).</summary>
        [Parameter(ParameterSetName = ListSet)]
        [ValidateNotNullOrEmpty]
        [RequestField("email")]
        public string? Email { get; set; }

        /// <summary>Only invitations in this status, e.g. INVITE_STATUS_SENT.</summary>
        [Parameter(ParameterSetName = ListSet)]
        [ArgumentCompleter(typeof(InvitationStatusCompleter))]
        [ValidateNotNullOrEmpty]
        [RequestField("status")]
        public string? Status { get; set; }

        /// <summary>Only the invitation of this invited user (u-...).</summary>
        [Parameter(ParameterSetName = ListSet)]
        [ValidateNotNullOrEmpty]
        [RequestField("user")]
        public string? UserId { get; set; }

        /// <summary>Only invitations sent by this user (u-...).</summary>
        [Parameter(ParameterSetName = ListSet)]
        [ValidateNotNullOrEmpty]
        [RequestField("creator")]
        public string? CreatorId { get; set; }

        /// <summary>Invitations per request (1-100); every page is read either way. Default 100.</summary>
        [Parameter(ParameterSetName = ListSet)]
        [ValidateRange(1, 100)]
        [RequestField("page_size")]
        public int? PageSize { get; set; }

        /// <summary>The piped row itself, kept as the TargetObject of its error.</summary>
        [Parameter(ValueFromPipeline = true, ParameterSetName = IdSet, DontShow = true)]
        public PSObject? InputObject { get; set; }

        protected override void ProcessRecord()
        {
            if (ParameterSetName != IdSet) return;
            foreach (var id in Id!) GetById(id, InputObject ?? (object)id);
        }

        protected override void EndProcessing()
        {
            if (ParameterSetName == ListSet) List();
            Log.Flush(this);
        }

        private void GetById(string given, object target)
        {
            var id = InputText.Clean(given);
            if (id == null)
            {
                WriteApiError(InvitationIds.Missing(), target);
                return;
            }
            try
            {
                var result = Wait(Client.Invitations.GetAsync(id, Cancellation));
                WriteObject(IamInvitation.From(result.Value, result.RequestId));
            }
            catch (CcApiException ex)
            {
                WriteApiError(ex, target);
            }
        }

        /// <summary>Writes each invitation as its page arrives: a long list starts showing at once and memory stays flat.</summary>
        private void List()
        {
            var filter = ContractValidator.Check(new InvitationFilter
            {
                Email = InputText.Clean(Email),
                Status = InputText.NormalizeInvitationStatus(Status),
                User = InputText.Clean(UserId),
                Creator = InputText.Clean(CreatorId),
                PageSize = PageSize,
            });
            if (!filter.IsValid)
            {
                WriteApiError(CcApiException.Validation(filter.Violations), filter.Request, stop: true); // no list to write
                return;
            }
            try
            {
                var invitations = Client.Invitations.List(filter, Cancellation);
                while (Wait(invitations.MoveNextAsync()))
                    WriteObject(IamInvitation.From(invitations.Current.Value, invitations.Current.RequestId));
            }
            catch (CcApiException ex)
            {
                WriteApiError(ex, filter.Request);
            }
        }
    }
}
