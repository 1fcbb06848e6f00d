using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using ConfluentPartner.Client;
using ConfluentPartner.Client.Errors;
using ConfluentPartner.Client.Models;
using ConfluentPartner.Errors;

namespace ConfluentPartner.Input
{
    /// <summary>
    /// Lookups one cmdlet call shares across its rows: the users by email (the API has no email filter, so the list is
    /// read once, not once per row) and the organization id (for scopes given as -Environment/-Cluster).
    /// </summary>
    internal sealed class IamLookups
    {
        private readonly object _gate = new object();
        private Task<Dictionary<string, ApiResult<User>>>? _users;
        private Task<string?>? _organization;

        /// <summary>The user with this email (any case), or null.</summary>
        public async Task<ApiResult<User>?> UserByEmailAsync(CcApiClient client, string email, CancellationToken token)
        {
            Task<Dictionary<string, ApiResult<User>>> users;
            lock (_gate) users = _users ??= LoadUsersAsync(client, token);
            try
            {
                return (await users.ConfigureAwait(false)).TryGetValue(email.Trim(), out var user) ? user : null;
            }
            catch
            {
                lock (_gate) if (ReferenceEquals(_users, users)) _users = null; // a failed read is tried again by the next row
                throw;
            }
        }

        /// <summary>The organization id given, else the one an invitation's resource name carries; an error naming -OrganizationId when neither exists.</summary>
        public async Task<string> OrganizationIdAsync(CcApiClient client, string? given, CancellationToken token)
        {
            if (given != null) return given;
            Task<string?> organization;
            lock (_gate) organization = _organization ??= client.Invitations.FindOrganizationIdAsync(token);
            string? id;
            try
            {
                id = await organization.ConfigureAwait(false);
            }
            catch
            {
                lock (_gate) if (ReferenceEquals(_organization, organization)) _organization = null;
                throw;
            }
            return id ?? throw CcApiException.Validation(new[]
            {
                new CcParameterError(new CcApiError("organization_unknown",
                    "The organization id could not be read from an invitation (the organization has none). Give -OrganizationId, or a full -CrnPattern.",
                    title: "Organization unknown"), "OrganizationId"),
            });
        }

        /// <summary>
        /// A principal as the API takes it: <c>User:u-...</c> and <c>Group:...</c> as given, a bare user id prefixed with
        /// <c>User:</c>, an email looked up (an error naming <paramref name="parameter"/> when no user has it).
        /// </summary>
        public async Task<(string Principal, string? Email)> PrincipalAsync(CcApiClient client, string given, string parameter, CancellationToken token)
        {
            if (given.IndexOf('@') < 0 || given.StartsWith("Group:", StringComparison.Ordinal)) return (Crn.UserPrincipal(given), null);
            var email = given.StartsWith("User:", StringComparison.Ordinal) ? given.Substring("User:".Length) : given;
            var user = await UserByEmailAsync(client, email, token).ConfigureAwait(false);
            if (user?.Value.Id is { } id) return ("User:" + id, email);
            throw new CcApiException(404, user?.RequestId, new[]
            {
                (CcApiError)new CcParameterError(new CcApiError("resource_not_found", $"No user has the email {email}.", title: "Not found"), parameter),
            }, $"No user has the email {email}.");
        }

        private static async Task<Dictionary<string, ApiResult<User>>> LoadUsersAsync(CcApiClient client, CancellationToken token)
        {
            var byEmail = new Dictionary<string, ApiResult<User>>(StringComparer.OrdinalIgnoreCase);
            var users = client.Users.List(null, token);
            while (await users.MoveNextAsync().ConfigureAwait(false))
                if (users.Current.Value.Email is { } email && !byEmail.ContainsKey(email)) byEmail[email] = users.Current;
            return byEmail;
        }
    }
}
