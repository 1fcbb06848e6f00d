using System;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using ConfluentPartner.Client.Models;

namespace ConfluentPartner.Client.Resources
{
    /// <summary>iam/v2 users: list, get and delete (the API creates users only through invitations).</summary>
    public sealed class Users
    {
        private const string Path = "/iam/v2/users";
        public const int MaximumPageSize = 100;
        private readonly JsonTransport _transport;

        internal Users(JsonTransport transport) => _transport = transport;

        /// <summary>GET /iam/v2/users, every page, one page per request as it is read.</summary>
        public AsyncCursor<ApiResult<User>> List(int? pageSize, CancellationToken cancellationToken)
        {
            var size = pageSize ?? MaximumPageSize;
            if (size < 1 || size > MaximumPageSize) throw new ArgumentOutOfRangeException(nameof(pageSize), size, $"The page size must be 1-{MaximumPageSize}.");
            var followed = new System.Collections.Generic.HashSet<string>(StringComparer.Ordinal);
            // A link already followed ends the list: a server that repeats its next link would otherwise page forever.
            return _transport.List(JsonTransport.WithQuery(Path, ("page_size", size.ToString(CultureInfo.InvariantCulture))),
                CcJsonContext.Default.UserList, page => page.Data, page => page.Metadata?.Next is { } next && followed.Add(next) ? next : null, cancellationToken);
        }

        /// <summary>The user with this email (any case), or null. The API has no email filter: every page is read until it is found.</summary>
        public async Task<ApiResult<User>?> FindByEmailAsync(string email, CancellationToken cancellationToken)
        {
            var users = List(null, cancellationToken);
            while (await users.MoveNextAsync().ConfigureAwait(false))
                if (string.Equals(users.Current.Value.Email, email.Trim(), StringComparison.OrdinalIgnoreCase)) return users.Current;
            return null;
        }

        public Task<ApiResult<User>> GetAsync(string id, CancellationToken cancellationToken) =>
            _transport.GetAsync(Path + "/" + Uri.EscapeDataString(id), CcJsonContext.Default.User, cancellationToken);

        /// <summary>DELETE /iam/v2/users/{id}; returns the answer's request id.</summary>
        public Task<string?> DeleteAsync(string id, CancellationToken cancellationToken) =>
            _transport.DeleteAsync(Path + "/" + Uri.EscapeDataString(id), cancellationToken);
    }
}

namespace ConfluentPartner.Client
{
    public sealed partial class CcApiClient
    {
        private Resources.Users? _users;

        /// <summary>iam/v2/users.</summary>
        public Resources.Users Users => _users ??= new Resources.Users(Transport);
    }
}
