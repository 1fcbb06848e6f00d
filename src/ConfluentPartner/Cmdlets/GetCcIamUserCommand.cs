using System;
using System.Management.Automation;
using ConfluentPartner.Client.Errors;
using ConfluentPartner.Input;
using ConfluentPartner.Session;

namespace ConfluentPartner.Commands
{
    /// <summary>
    /// Lists the organization's users (GET /iam/v2/users, every page, written as each page arrives), gets users by id
    /// (GET /iam/v2/users/{id}), or finds them by email (the API has no email filter: the list is read once per call).
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "CcIamUser", DefaultParameterSetName = ListSet)]
    [OutputType(typeof(IamUser))]
    public sealed class GetCcIamUserCommand : CcApiCmdlet
    {
        private const string ListSet = "List";
        private const string IdSet = "Id";
        private const string EmailSet = "Email";
        private readonly IamLookups _lookups = new IamLookups();

        protected override ApiFamily ApiFamily => ApiFamily.Iam;

        /// <summary>User ids (u-...); bind from piped users and CSV rows by property name.</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = IdSet, ValueFromPipelineByPropertyName = true)]
        [Alias("UserId", "user_id")]
        [AllowEmptyString]
        public string[]? Id { get; set; }

        /// <summary>Email addresses (any case); bind from CSV rows with an email column.</summary>
        [Parameter(Mandatory = true, ParameterSetName = EmailSet, ValueFromPipelineByPropertyName = true)]
        [Alias("EmailAddress", "Mail", "UserPrincipalName", "E-mail")]
        [AllowEmptyString]
        public string[]? Email { get; set; }

        /// <summary>Users per request (1-100); every page is read either way. Default 100.</summary>
        [Parameter(ParameterSetName = ListSet)]
        [ValidateRange(1, 100)]
        [RequestField("page_size")]
        public int? PageSize { get; set; }

        /// <summary>The piped row itself, kept as the TargetObject of its error.</summary>
        [Parameter(ValueFromPipeline = true, ParameterSetName = IdSet, DontShow = true)]
        [Parameter(ValueFromPipeline = true, ParameterSetName = EmailSet, DontShow = true)]
        public PSObject? InputObject { get; set; }

        protected override void ProcessRecord()
        {
            if (ParameterSetName == IdSet) foreach (var id in Id!) Get(id, InputObject ?? (object)id, byEmail: false);
            if (ParameterSetName == EmailSet) foreach (var email in Email!) Get(email, InputObject ?? (object)email, byEmail: true);
        }

        protected override void EndProcessing()
        {
            if (ParameterSetName == ListSet) List();
            Log.Flush(this);
        }

        private void Get(string given, object target, bool byEmail)
        {
            var key = InputText.Clean(given);
            if (key == null)
            {
                WriteApiError(UserKeys.Missing(byEmail ? "Email" : "Id"), target);
                return;
            }
            try
            {
                if (!byEmail)
                {
                    var result = Wait(Client.Users.GetAsync(key, Cancellation));
                    WriteObject(IamUser.From(result.Value, result.RequestId));
                    return;
                }
                var user = Wait(_lookups.UserByEmailAsync(Client, key, Cancellation));
                if (user == null) WriteApiError(UserKeys.NotFound(key), target);
                else WriteObject(IamUser.From(user.Value, user.RequestId));
            }
            catch (CcApiException ex)
            {
                WriteApiError(ex, target);
            }
        }

        private void List()
        {
            try
            {
                var users = Client.Users.List(PageSize, Cancellation);
                while (Wait(users.MoveNextAsync()))
                    WriteObject(IamUser.From(users.Current.Value, users.Current.RequestId));
            }
            catch (CcApiException ex)
            {
                WriteApiError(ex, null);
            }
        }
    }
}
