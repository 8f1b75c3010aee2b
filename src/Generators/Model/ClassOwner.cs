using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using Specialized.Manifest;

namespace Specialized.Generators.Model;

/// <summary>A generated class's full name and the manifest that generates it.</summary>
internal sealed record ClassOwner(string FullName, string Path)
{
    /// <summary>One owner per class name: the ordinally first manifest path (deterministic whatever the file order).</summary>
    public static EquatableArray<ClassOwner> FirstByName(ImmutableArray<ClassOwner> all)
    {
        var owners = new SortedDictionary<string, ClassOwner>(StringComparer.Ordinal);
        foreach (var candidate in all)
        {
            if (!owners.TryGetValue(candidate.FullName, out var current) || string.CompareOrdinal(candidate.Path, current.Path) < 0)
            {
                owners[candidate.FullName] = candidate;
            }
        }

        return owners.Values.ToEquatableArray();
    }
}
