package org.layerlab.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.archivers.zip.UnixStat;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.layerlab.error.UserInputException;

class SafeExtractorTest {
    @TempDir
    Path tmp;

    Path work;
    Path target;

    /**
     * One archive member: a file (content), a folder (content null, name ending in /) or a symlink
     * (link set). Content is stored as ISO-8859-1, one byte per char, so binary data round-trips.
     */
    record Member(String name, String content, String link) {
        static Member file(String name, String content) {
            return new Member(name, content, null);
        }

        static Member dir(String name) {
            return new Member(name, null, null);
        }

        static Member symlink(String name, String to) {
            return new Member(name, null, to);
        }
    }

    @BeforeEach
    void setUp() throws IOException {
        work = Files.createDirectories(tmp.resolve("cache"));
        target = work.resolve("cifar10");
    }

    static byte[] tarGz(Member... members) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream gz = new GzipCompressorOutputStream(bytes);
                TarArchiveOutputStream tar = new TarArchiveOutputStream(gz)) {
            for (Member m : members) {
                TarArchiveEntry e;
                if (m.link() != null) {
                    e = new TarArchiveEntry(m.name(), TarConstants.LF_SYMLINK);
                    e.setLinkName(m.link());
                } else {
                    e = new TarArchiveEntry(m.name(), true); // keep a leading / as a hostile archive would
                }
                byte[] data = m.content() == null ? new byte[0] : m.content().getBytes(StandardCharsets.ISO_8859_1);
                e.setSize(m.content() == null ? 0 : data.length);
                tar.putArchiveEntry(e);
                tar.write(data);
                tar.closeArchiveEntry();
            }
        }
        return bytes.toByteArray();
    }

    static byte[] zip(Member... members) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipArchiveOutputStream zip = new ZipArchiveOutputStream(bytes)) {
            for (Member m : members) {
                ZipArchiveEntry e = new ZipArchiveEntry(m.name());
                if (m.link() != null) {
                    e.setUnixMode(UnixStat.LINK_FLAG | 0777);
                }
                String body = m.link() != null ? m.link() : m.content();
                byte[] data = body == null ? new byte[0] : body.getBytes(StandardCharsets.ISO_8859_1);
                // Stored, so a test can corrupt the data bytes in place.
                CRC32 crc = new CRC32();
                crc.update(data);
                e.setMethod(ZipEntry.STORED);
                e.setSize(data.length);
                e.setCrc(crc.getValue());
                zip.putArchiveEntry(e);
                zip.write(data);
                zip.closeArchiveEntry();
            }
        }
        return bytes.toByteArray();
    }

    private Path archive(String name, byte[] bytes) throws IOException {
        return Files.write(work.resolve(name), bytes);
    }

    /** Extraction fails with one line naming the archive, and leaves only the archive behind. */
    private String rejected(Path archive) throws IOException {
        UserInputException e = assertThrows(UserInputException.class, () -> SafeExtractor.extract(archive, target));
        assertTrue(e.getMessage().startsWith(archive + ": "), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
        try (Stream<Path> left = Files.list(work)) {
            assertEquals(List.of(archive), left.toList(), "nothing but the archive may be left");
        }
        assertFalse(Files.exists(tmp.resolve("evil")), "nothing may be written outside the target");
        return e.getMessage();
    }

    @Test
    void extractsTarGzWithFoldersAndInsideLinks() throws IOException {
        Path a = archive(
                "a.tar.gz",
                tarGz(
                        Member.dir("cifar-10-batches-bin/"),
                        Member.file("cifar-10-batches-bin/data_batch_1.bin", "one"),
                        Member.symlink("cifar-10-batches-bin/latest.bin", "data_batch_1.bin"),
                        Member.file("readme.html", "hi")));
        SafeExtractor.extract(a, target);
        assertEquals("one", Files.readString(target.resolve("cifar-10-batches-bin/data_batch_1.bin")));
        assertEquals("one", Files.readString(target.resolve("cifar-10-batches-bin/latest.bin")));
        assertTrue(Files.isSymbolicLink(target.resolve("cifar-10-batches-bin/latest.bin")));
        assertEquals("hi", Files.readString(target.resolve("readme.html")));
        try (Stream<Path> left = Files.list(work)) {
            assertEquals(List.of(a, target), left.sorted().toList(), "no temp folder left behind");
        }
    }

    @Test
    void extractsZip() throws IOException {
        Path z = archive(
                "a.zip", zip(Member.dir("train/"), Member.file("train/x.txt", "x"), Member.file("y.txt", "why")));
        SafeExtractor.extract(z, target);
        assertEquals("x", Files.readString(target.resolve("train/x.txt")));
        assertEquals("why", Files.readString(target.resolve("y.txt")));
    }

    @Test
    void rejectsEntriesEscapingTheTarget() throws IOException {
        assertTrue(rejected(archive("dots.tar.gz", tarGz(Member.file("ok.txt", "ok"), Member.file("../../evil", "x"))))
                .endsWith("entry ../../evil: path escapes the target folder"));
        Files.delete(work.resolve("dots.tar.gz"));
        assertTrue(rejected(archive("abs.tar.gz", tarGz(Member.file("/tmp/evil", "x"))))
                .contains("entry /tmp/evil: absolute path"));
        Files.delete(work.resolve("abs.tar.gz"));
        assertTrue(rejected(archive("dots.zip", zip(Member.file("a/../../../evil", "x"))))
                .contains("path escapes the target folder"));
    }

    @Test
    void rejectsSymlinksPointingOut() throws IOException {
        assertTrue(rejected(archive("up.tar.gz", tarGz(Member.symlink("up", "../../evil"))))
                .endsWith("entry up: symlink to '../../evil' points outside the target folder"));
        Files.delete(work.resolve("up.tar.gz"));
        assertTrue(rejected(archive("abs.tar.gz", tarGz(Member.symlink("etc", "/etc"))))
                .contains("symlink to absolute path '/etc'"));
        Files.delete(work.resolve("abs.tar.gz"));
        // Each link's words stay inside, but a/b really resolves through a -> . to the target's parent.
        assertTrue(rejected(archive("chain.tar.gz", tarGz(Member.symlink("a", "."), Member.symlink("a/b", ".."))))
                .contains("points outside the target folder"));
        Files.delete(work.resolve("chain.tar.gz"));
        assertTrue(rejected(archive("link.zip", zip(Member.symlink("out", "../evil"))))
                .contains("entry out: symlink to '../evil' points outside"));
    }

    @Test
    void rejectsTruncatedAndCorruptArchives() throws IOException {
        byte[] big = new byte[200_000];
        new java.util.Random(1).nextBytes(big);
        byte[] good = tarGz(Member.file("data_batch_1.bin", new String(big, StandardCharsets.ISO_8859_1)));
        String m = rejected(archive("cut.tar.gz", Arrays.copyOf(good, good.length / 2)));
        assertTrue(m.contains("data_batch_1.bin") && m.contains("truncated"), m);
        Files.delete(work.resolve("cut.tar.gz"));

        assertTrue(rejected(archive("junk.tar.gz", new byte[] {0x1f, (byte) 0x8b, 8, 0, 1, 2, 3}))
                .contains("corrupt or truncated tar.gz archive"));
        Files.delete(work.resolve("junk.tar.gz"));

        byte[] z = zip(Member.file("a.txt", "hello hello hello"));
        assertTrue(
                rejected(archive("cut.zip", Arrays.copyOf(z, z.length - 30))).contains("not a readable zip archive"));
        Files.delete(work.resolve("cut.zip"));

        byte[] flipped = z.clone();
        int at = indexOf(flipped, "hello".getBytes(StandardCharsets.UTF_8));
        flipped[at] = 'J';
        String crc = rejected(archive("crc.zip", flipped));
        assertTrue(crc.contains("entry a.txt:") && crc.toLowerCase().contains("crc"), crc);
    }

    @Test
    void refusesToExtractOverAnExistingFolder() throws IOException {
        Path a = archive("a.tar.gz", tarGz(Member.file("x", "x")));
        Files.createDirectories(target);
        UserInputException e = assertThrows(UserInputException.class, () -> SafeExtractor.extract(a, target));
        assertTrue(e.getMessage().startsWith(target + ": already exists"));
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new IllegalArgumentException("not found");
    }
}
