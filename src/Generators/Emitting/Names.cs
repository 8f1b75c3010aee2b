namespace Specialized.Generators.Emitting;

/// <summary>Fully qualified names used in emitted code, so user usings or type names can never capture them.</summary>
internal static class Names
{
    public const string ReadOnlySpan = "global::System.ReadOnlySpan";
    public const string Span = "global::System.Span";
    public const string Math = "global::System.Math";
    public const string MemoryMarshal = "global::System.Runtime.InteropServices.MemoryMarshal";
    public const string Unsafe = "global::System.Runtime.CompilerServices.Unsafe";
    public const string MethodImpl = "global::System.Runtime.CompilerServices.MethodImpl(global::System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)";

    /// <summary>For kernels: compiled fully optimized on first call (no tier-0 code with slow intrinsics, no on-stack replacement mid-run), never inlined into the loops that call them.</summary>
    public const string Optimized = "global::System.Runtime.CompilerServices.MethodImpl(global::System.Runtime.CompilerServices.MethodImplOptions.NoInlining | global::System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)";
    public const string Vector128 = "global::System.Runtime.Intrinsics.Vector128";
    public const string Vector256 = "global::System.Runtime.Intrinsics.Vector256";
    public const string Vector512 = "global::System.Runtime.Intrinsics.Vector512";
    public const string Avx2 = "global::System.Runtime.Intrinsics.X86.Avx2";
    public const string Avx512BW = "global::System.Runtime.Intrinsics.X86.Avx512BW";
    public const string Avx512Vbmi = "global::System.Runtime.Intrinsics.X86.Avx512Vbmi";
    public const string AvxVnni = "global::System.Runtime.Intrinsics.X86.AvxVnni";
    public const string Kernels = "global::Specialized.Runtime.Kernels";
    public const string ArgumentException = "global::System.ArgumentException";
    public const string Integer = "global::Specialized.Runtime.Kernels.Integer";
    public const string Quantization = "global::Specialized.Runtime.Quantization";
    public const string Reference = "global::Specialized.Runtime.Reference";
    public const string Graph = "global::Specialized.Runtime.Graph";
    public const string GeneratedCode = "global::System.CodeDom.Compiler.GeneratedCode";
    public const string GeneratorName = "Specialized.Generators";

    /// <summary>The generator version written into [GeneratedCode]; snapshot tests pin it.</summary>
    public static readonly string GeneratorVersion = typeof(Names).Assembly.GetName().Version?.ToString() ?? "0.0.0.0";
}
