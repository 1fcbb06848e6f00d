using System.Collections.Generic;
using System.Text.Json.Serialization;

namespace ConfluentPartner.Client.Models
{
    /// <summary>ObjectMeta: metadata every persisted resource carries.</summary>
    public sealed class ObjectMeta
    {
        [JsonPropertyName("self")] public string? Self { get; set; }
        [JsonPropertyName("resource_name")] public string? ResourceName { get; set; }
        [JsonPropertyName("created_at")] public string? CreatedAt { get; set; }
        [JsonPropertyName("updated_at")] public string? UpdatedAt { get; set; }
        [JsonPropertyName("deleted_at")] public string? DeletedAt { get; set; }
    }

    /// <summary>ListMeta: paging links of a collection response.</summary>
    public sealed class ListMeta
    {
        [JsonPropertyName("first")] public string? First { get; set; }
        [JsonPropertyName("last")] public string? Last { get; set; }
        [JsonPropertyName("prev")] public string? Prev { get; set; }
        [JsonPropertyName("next")] public string? Next { get; set; }
        [JsonPropertyName("total_size")] public int? TotalSize { get; set; }
    }

    /// <summary>GlobalObjectReference / ObjectReference: how one resource points at another.</summary>
    public sealed class ObjectReference
    {
        [JsonPropertyName("id")] public string? Id { get; set; }
        [JsonPropertyName("environment")] public string? Environment { get; set; }
        [JsonPropertyName("related")] public string? Related { get; set; }
        [JsonPropertyName("resource_name")] public string? ResourceName { get; set; }
    }

    /// <summary>The contract's <c>Failure</c> body, plus the newer single-error envelope.</summary>
    public sealed class FailureBody
    {
        [JsonPropertyName("errors")] public List<ErrorBody>? Errors { get; set; }

        // Newer envelope: {"status":..., "error":{"code":..., "message":...}, "requestId":...}
        [JsonPropertyName("error")] public EnvelopeError? Error { get; set; }
        [JsonPropertyName("requestId")] public string? RequestId { get; set; }
    }

    public sealed class EnvelopeError
    {
        [JsonPropertyName("code")] public System.Text.Json.JsonElement Code { get; set; }
        [JsonPropertyName("message")] public string? Message { get; set; }
    }

    public sealed class ErrorBody
    {
        [JsonPropertyName("id")] public string? Id { get; set; }
        [JsonPropertyName("status")] public string? Status { get; set; }
        [JsonPropertyName("code")] public string? Code { get; set; }
        [JsonPropertyName("title")] public string? Title { get; set; }
        [JsonPropertyName("detail")] public string? Detail { get; set; }
        [JsonPropertyName("resolution")] public string? Resolution { get; set; }
        [JsonPropertyName("message")] public string? Message { get; set; }
        [JsonPropertyName("source")] public ErrorSource? Source { get; set; }
    }

    public sealed class ErrorSource
    {
        [JsonPropertyName("pointer")] public string? Pointer { get; set; }
        [JsonPropertyName("parameter")] public string? Parameter { get; set; }
    }
}
