using System.Collections.Generic;
using System.Management.Automation;
using ConfluentPartner.Client;
using ConfluentPartner.Client.Errors;
using ConfluentPartner.Client.Models;
using ConfluentPartner.Client.Validation;
using ConfluentPartner.Infrastructure;

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

        internal static readonly IReadOnlyDictionary<string, string> PointerMap = new Dictionary<string, string>
        {
            ["email"] = nameof(Email),
            ["status"] = nameof(Status),
            ["user"] = nameof(UserId),
            ["creator"] = nameof(CreatorId),
            ["page_size"] = nameof(PageSize),
        };

        /// <summary>Invitation ids (i-...); bind from piped invitations and CSV rows by property name.</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = IdSet, ValueFromPipelineByPropertyName = true)]
        [Alias("InvitationId", "invitation_id")]
        [AllowEmptyString] // a blank CSV cell gets the same error as every other invalid row
        public string[]? Id { get; set; }

        /// <summary>Only the invitation for this email (exact match, as the API filters).</summary>
        [Parameter(ParameterSetName = ListSet)]
        [ValidateNotNullOrEmpty]
        public string? Email { get; set; }

        /// <summary>Only invitations in this status, e.g. INVITE_STATUS_SENT.</summary>
        [Parameter(ParameterSetName = ListSet)]
        [ArgumentCompleter(typeof(InvitationStatusCompleter))]
        [ValidateNotNullOrEmpty]
        public string? Status { get; set; }

        /// <summary>Only the invitation of this invited user (u-...).</summary>
        [Parameter(ParameterSetName = ListSet)]
        [ValidateNotNullOrEmpty]
        public string? UserId { get; set; }

        /// <summary>Only invitations sent by this user (u-...).</summary>
        [Parameter(ParameterSetName = ListSet)]
        [ValidateNotNullOrEmpty]
        public string? CreatorId { get; set; }

        /// <summary>Invitations per request (1-100); every page is read either way. Default 100.</summary>
        [Parameter(ParameterSetName = ListSet)]
        [ValidateRange(1, 100)]
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
                WriteError(ErrorRecordFactory.FromApiException(InvitationIds.Missing(), target, PointerMap));
                return;
            }
            try
            {
                var result = Wait(Client.GetInvitationAsync(id, Cancellation));
                WriteObject(IamInvitation.From(result.Value, result.RequestId));
            }
            catch (CcApiException ex)
            {
                Fail(ex, target);
            }
        }

        /// <summary>Writes each invitation as its page arrives: a long list starts showing at once and memory stays flat.</summary>
        private void List()
        {
            var filter = new InvitationFilter
            {
                Email = InputText.Clean(Email),
                Status = InputText.NormalizeInvitationStatus(Status),
                User = InputText.Clean(UserId),
                Creator = InputText.Clean(CreatorId),
                PageSize = PageSize,
            };
            var invalid = ContractValidator.Validate(filter);
            if (invalid.Count > 0) ThrowTerminatingError(ErrorRecordFactory.FromApiException(CcApiException.Validation(invalid), filter, PointerMap));
            try
            {
                var invitations = Client.ListInvitations(filter, Cancellation);
                while (Wait(invitations.MoveNextAsync()))
                    WriteObject(IamInvitation.From(invitations.Current.Value, invitations.Current.RequestId));
            }
            catch (CcApiException ex)
            {
                Fail(ex, filter);
            }
        }

        private void Fail(CcApiException ex, object target)
        {
            var record = ErrorRecordFactory.FromApiException(ex, target, PointerMap);
            if (ErrorRecordFactory.DoomsEveryRow(ex)) ThrowTerminatingError(record);
            WriteError(record);
        }
    }
}
