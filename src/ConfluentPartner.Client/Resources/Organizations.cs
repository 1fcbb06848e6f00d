using System;
using System.Threading;
using System.Threading.Tasks;
using ConfluentPartner.Client.Models;

namespace ConfluentPartner.Client.Resources
{
    /// <summary>partner/v2 organizations: the customers' organizations the partner signed up or linked (read only).</summary>
    public sealed class Organizations
    {
        private const string Path = "/partner/v2/organizations";
        private readonly JsonTransport _transport;

        internal Organizations(JsonTransport transport) => _transport = transport;

        /// <summary>GET /partner/v2/organizations, every page as it is read.</summary>
        public AsyncCursor<ApiResult<PartnerOrganization>> List(CancellationToken cancellationToken) =>
            _transport.List(JsonTransport.WithQuery(Path, ("page_size", "100")), CcJsonContext.Default.PartnerOrganizationList,
                page => page.Data, page => page.Metadata?.Next, cancellationToken);

        /// <summary>GET /partner/v2/organizations/{id}.</summary>
        public Task<ApiResult<PartnerOrganization>> GetAsync(string id, CancellationToken cancellationToken) =>
            _transport.GetAsync(Path + "/" + Uri.EscapeDataString(id), CcJsonContext.Default.PartnerOrganization, cancellationToken);
    }
}

namespace ConfluentPartner.Client
{
    public sealed partial class CcApiClient
    {
        private Resources.Organizations? _organizations;

        /// <summary>partner/v2/organizations.</summary>
        public Resources.Organizations Organizations => _organizations ??= new Resources.Organizations(Transport);
    }
}
