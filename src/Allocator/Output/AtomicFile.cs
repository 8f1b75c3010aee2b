namespace Specialized.Allocator.Output;

/// <summary>
/// Writes a file so that readers see either the old content or the complete new content, never a partial file:
/// the data goes to a temporary file in the same folder, which is then renamed over the target.
/// </summary>
public static class AtomicFile
{
    public static void Write(string path, Action<Stream> write)
    {
        string fullPath = Path.GetFullPath(path);
        string folder = Path.GetDirectoryName(fullPath)!;
        if (!Directory.Exists(folder))
        {
            throw new UserInputException($"output folder does not exist: {folder}");
        }

        string temporary = Path.Combine(folder, $".{Path.GetFileName(fullPath)}.{Environment.ProcessId}.tmp");
        try
        {
            using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, fullPath, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }
}
